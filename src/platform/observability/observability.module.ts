import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseTime } from './database-time';
import { HealthController } from './health.controller';
import { LoggingModule } from './logging.module';
import { Metrics } from './metrics';
import { RequestOwnerGuard } from './request-owner.guard';

@Global()
@Module({
  imports: [LoggingModule, TerminusModule, DiscoveryModule],
  controllers: [HealthController],
  providers: [Metrics, RequestOwnerGuard, DatabaseTime],
  exports: [Metrics, RequestOwnerGuard],
})
export class ObservabilityModule {}
