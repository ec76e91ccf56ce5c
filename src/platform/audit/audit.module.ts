import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditLogController } from './audit-log.controller';

@Global()
@Module({ providers: [AuditLog], controllers: [AuditLogController], exports: [AuditLog] })
export class AuditModule {}
