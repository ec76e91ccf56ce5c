import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AdminOnly } from '../auth/admin-auth.guard';
import { PageQuery } from '../http/pagination';
import { AuditLog } from './audit-log';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) targetType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) targetId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) actorId?: string;
}

@ApiTags('admin: audit')
@Controller('admin/audit-log')
@AdminOnly('finance')
export class AuditLogController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }
}
