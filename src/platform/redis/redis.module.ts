import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { MemoryRateCounters } from '../counters/memory-rate-counters';
import { RateCounters } from '../counters/rate-counters';
import { RedisRateCounters } from '../counters/redis-rate-counters';

/**
 * The shared Redis connection for everything that is not Bull (throttling, health), or null when
 * REDIS_URL is unset: then nothing connects to Redis at all.
 */
export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null =>
        config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null,
    },
    {
      provide: RateCounters,
      inject: [REDIS],
      useFactory: (redis: Redis | null): RateCounters => (redis ? new RedisRateCounters(redis) : new MemoryRateCounters()),
    },
  ],
  exports: [REDIS, RateCounters],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    const redis = this.redis;
    await redis.quit().catch(() => redis.disconnect());
  }
}
