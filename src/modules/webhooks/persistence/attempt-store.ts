import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AttemptOutcome } from '../domain/retry-schedule';

export interface AttemptRecord {
  id: string;
  deliveryId: string;
  series: number;
  attempt: number;
  at: Date;
  durationMs: number;
  outcome: AttemptOutcome;
  statusCode: number | null;
  error: string | null;
  /** The start of the receiver's answer; always null when the request carried card keys. */
  responseSnippet: string | null;
  carriedKeys: boolean;
}

interface Row {
  id: string;
  delivery_id: string;
  series: number;
  attempt: number;
  at: Date;
  duration_ms: number;
  outcome: AttemptOutcome;
  status_code: number | null;
  error: string | null;
  response_snippet: string | null;
  carried_keys: boolean;
}

/** Every attempt at sending a delivery: when, how long, the answer's status code or the error. Never the request body. */
@Injectable()
export class AttemptStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(a: AttemptRecord): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO webhooks.delivery_attempts
         (id, delivery_id, series, attempt, at, duration_ms, outcome, status_code, error, response_snippet, carried_keys)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [a.id, a.deliveryId, a.series, a.attempt, a.at, a.durationMs, a.outcome, a.statusCode, a.error, a.responseSnippet, a.carriedKeys],
    );
  }

  /** The number the next attempt of this series takes (call under the delivery's row lock). */
  async nextNumber(deliveryId: string, series: number): Promise<number> {
    const [{ next }] = (await this.txHost.tx.query(
      `SELECT coalesce(max(attempt), 0) + 1 AS next FROM webhooks.delivery_attempts WHERE delivery_id = $1 AND series = $2`,
      [deliveryId, series],
    )) as [{ next: number }];
    return next;
  }

  async of(deliveryId: string): Promise<AttemptRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM webhooks.delivery_attempts WHERE delivery_id = $1 ORDER BY series, attempt`,
      [deliveryId],
    );
    return rows.map((r) => ({
      id: r.id,
      deliveryId: r.delivery_id,
      series: r.series,
      attempt: r.attempt,
      at: r.at,
      durationMs: r.duration_ms,
      outcome: r.outcome,
      statusCode: r.status_code,
      error: r.error,
      responseSnippet: r.response_snippet,
      carriedKeys: r.carried_keys,
    }));
  }
}
