import { Controller, Get, Header, Inject, UnauthorizedException, Req } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import Redis from 'ioredis';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { Metrics } from './metrics';

@ApiTags('operations')
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  /**
   * 200 when PostgreSQL and Redis answer, 503 with the failing one named otherwise. Without Redis
   * the jobs are in PostgreSQL, so the queue store reads "postgres" and nothing more is pinged.
   */
  @Get('health')
  @HealthCheck()
  check() {
    const redis = this.redis;
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        if (!redis) return this.indicators.check('queue').up({ store: 'postgres' });
        const indicator = this.indicators.check('redis');
        try {
          await redis.ping();
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: String(error) });
        }
      },
    ]);
  }

  /** Prometheus exposition. When METRICS_TOKEN is set, a matching bearer token is required. */
  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Req() req: Request): Promise<string> {
    const expected = this.config.METRICS_TOKEN;
    if (expected) {
      const given = Buffer.from((req.header('authorization') ?? '').replace(/^Bearer\s+/i, ''));
      const want = Buffer.from(expected);
      if (given.length !== want.length || !timingSafeEqual(given, want)) {
        throw new UnauthorizedException('A metrics token is required');
      }
    }
    return this.metrics.render();
  }
}
