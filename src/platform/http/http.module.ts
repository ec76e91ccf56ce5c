import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { RequestOwnerGuard } from '../observability/request-owner.guard';
import { ErrorEnvelopeFilter } from './error-envelope.filter';
import { IdempotencyInterceptor } from './idempotency';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { createValidationPipe } from './validation';

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => ({
        throttlers: [{ name: 'default', ttl: config.THROTTLE_TTL_SECONDS * 1000, limit: config.THROTTLE_LIMIT }],
        // Shared by every API node through Redis; without Redis (one process) the throttler's own
        // in-memory storage.
        storage: redis ? new RedisThrottlerStorage(redis, config) : undefined,
        errorMessage: 'Too many requests; slow down and retry later',
      }),
    }),
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
    // Guards run in this order: tag the request's owning module first, so even a throttled or
    // unauthorised request is counted under the right module.
    { provide: APP_GUARD, useExisting: RequestOwnerGuard },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class HttpModule {}
