import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CallOutcome } from '../routing/channel-breakers';

export interface AttemptRecord {
  channelId: string;
  channel: string;
  paymentId: string;
  outcome: CallOutcome;
  latencyMs: number;
  /** A short description of what went wrong (the error's message); never credentials. */
  error: string | null;
  at: Date;
}

export interface ChannelFigures {
  channelId: string;
  attempts: number;
  succeeded: number;
  failed: number;
  timeouts: number;
  rejected: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  lastAttemptAt: Date | null;
}

/**
 * Every create attempt on a channel, the source of its success rate and latency figures. Written
 * on its own connection, outside the caller's transaction: when opening a payment fails and the
 * caller rolls back, the failed attempts are exactly what must still be counted.
 */
@Injectable()
export class AttemptLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(a: AttemptRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO payments.channel_attempts (channel_id, channel, payment_id, outcome, latency_ms, error, attempted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [a.channelId, a.channel, a.paymentId, a.outcome, Math.round(a.latencyMs), a.error?.slice(0, 300) ?? null, a.at],
    );
  }

  /**
   * Figures over each channel's last `window` attempts since `since`. Breaker rejections are
   * counted apart: the provider was not called, so they say nothing of its success rate or latency.
   */
  async figures(channelIds: string[], since: Date, window = 200): Promise<Map<string, ChannelFigures>> {
    if (channelIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT channel_id,
              count(*) FILTER (WHERE outcome <> 'rejected')::int AS attempts,
              count(*) FILTER (WHERE outcome = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE outcome = 'failed')::int AS failed,
              count(*) FILTER (WHERE outcome = 'timeout')::int AS timeouts,
              count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome <> 'rejected') AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome <> 'rejected') AS p95,
              max(attempted_at) AS last_at
         FROM (SELECT c.id AS channel_id, a.outcome, a.latency_ms, a.attempted_at
                 FROM unnest($1::uuid[]) AS c(id)
                 CROSS JOIN LATERAL (
                   SELECT outcome, latency_ms, attempted_at FROM payments.channel_attempts
                    WHERE channel_id = c.id AND attempted_at >= $2
                    ORDER BY attempted_at DESC LIMIT $3) a) recent
        GROUP BY channel_id`,
      [channelIds, since, window],
    );
    return new Map(
      rows.map((r) => [
        r.channel_id as string,
        {
          channelId: r.channel_id as string,
          attempts: r.attempts as number,
          succeeded: r.succeeded as number,
          failed: r.failed as number,
          timeouts: r.timeouts as number,
          rejected: r.rejected as number,
          p50LatencyMs: r.p50 === null ? null : Math.round(Number(r.p50)),
          p95LatencyMs: r.p95 === null ? null : Math.round(Number(r.p95)),
          lastAttemptAt: (r.last_at as Date | null) ?? null,
        },
      ]),
    );
  }
}
