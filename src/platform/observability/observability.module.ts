import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { LoggingModule } from './logging.module';
import { Metrics } from './metrics';

@Global()
@Module({
  imports: [LoggingModule, TerminusModule, DiscoveryModule],
  controllers: [HealthController],
  providers: [Metrics, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
  exports: [Metrics],
})
export class ObservabilityModule {}
