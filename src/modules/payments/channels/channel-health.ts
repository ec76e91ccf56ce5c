import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { AttemptLog } from '../persistence/attempt-log';
import { ChannelRecord, ChannelStore } from '../persistence/channel-store';
import { ChannelBreakers } from '../routing/channel-breakers';

/** The figures are over each channel's last 200 create attempts within this window. */
const WINDOW_MS = 24 * 3_600_000;

/**
 * Each channel's health: success rate and create latency (p50/p95) over its recent attempts, from
 * PostgreSQL (every node's attempts), and its breaker state in this process.
 */
@Injectable()
export class ChannelHealth {
  constructor(
    private readonly channels: ChannelStore,
    private readonly attempts: AttemptLog,
    private readonly breakers: ChannelBreakers,
    private readonly clock: Clock,
  ) {}

  async all() {
    return this.of(await this.channels.all());
  }

  async of(channels: ChannelRecord[]) {
    const figures = await this.attempts.figures(
      channels.map((c) => c.id),
      new Date(this.clock.now().getTime() - WINDOW_MS),
    );
    return channels.map((c) => {
      const f = figures.get(c.id);
      return {
        code: c.code,
        provider: c.provider,
        enabled: c.enabled,
        breaker: this.breakers.state(c.id),
        attempts: f?.attempts ?? 0,
        succeeded: f?.succeeded ?? 0,
        failed: f?.failed ?? 0,
        timeouts: f?.timeouts ?? 0,
        rejectedByBreaker: f?.rejected ?? 0,
        successRate: f && f.attempts > 0 ? Math.round((f.succeeded / f.attempts) * 10_000) / 10_000 : null,
        createLatencyMs: { p50: f?.p50LatencyMs ?? null, p95: f?.p95LatencyMs ?? null },
        lastAttemptAt: f?.lastAttemptAt?.toISOString() ?? null,
      };
    });
  }
}
