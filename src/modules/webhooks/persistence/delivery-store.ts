import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { affectedOf, rowsOf } from '../../../platform/database/sql-result';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'cancelled'];

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  eventVersion: number;
  occurredAt: Date;
  /** The event's fields; never card keys. */
  data: Record<string, unknown>;
  status: DeliveryStatus;
  series: number;
  seriesAttempts: number;
  totalAttempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

interface Row {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  event_version: number;
  occurred_at: Date;
  data: Record<string, unknown>;
  status: DeliveryStatus;
  series: number;
  series_attempts: number;
  total_attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

const toRecord = (r: Row): DeliveryRecord => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  eventVersion: r.event_version,
  occurredAt: r.occurred_at,
  data: r.data,
  status: r.status,
  series: r.series,
  seriesAttempts: r.series_attempts,
  totalAttempts: r.total_attempts,
  nextAttemptAt: r.next_attempt_at,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  completedAt: r.completed_at,
});

/** One delivery per (event, endpoint): what to send, where it stands, when it is next tried. */
@Injectable()
export class DeliveryStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Held by the transaction that plans the delivery, until it commits or rolls back: its queue job
   * may start before that, and waits on this lock (`waitForPlanner`) instead of finding no row.
   */
  async lockForPlanning(id: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`webhooks.delivery\n${id}`]);
  }

  /** Waits (at most 10 s) until no transaction is planning this delivery; call in a transaction of its own. */
  async waitForPlanner(id: string): Promise<void> {
    await this.txHost.tx.query(`SET LOCAL lock_timeout = '10s'`);
    await this.lockForPlanning(id);
  }

  /** Inserts the delivery unless this event already has one for this endpoint; true when inserted. */
  async insertOnce(d: DeliveryRecord): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO webhooks.deliveries
         (id, endpoint_id, event_id, event_type, event_version, occurred_at, data, status, series,
          series_attempts, total_attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1, 0, 0, $8, $8, $8)
       ON CONFLICT (event_id, endpoint_id) DO NOTHING RETURNING id`,
      [d.id, d.endpointId, d.eventId, d.eventType, d.eventVersion, d.occurredAt, JSON.stringify(d.data), d.createdAt],
    );
    return rows.length > 0;
  }

  async byId(id: string, lock = false): Promise<DeliveryRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM webhooks.deliveries WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(
    filter: { endpointId?: string; status?: DeliveryStatus; eventType?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: DeliveryRecord[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER () AS total FROM webhooks.deliveries
        WHERE ($1::uuid IS NULL OR endpoint_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR event_type = $3)
        ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`,
      [filter.endpointId ?? null, filter.status ?? null, filter.eventType ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  /** Writes the outcome of an attempt (the caller holds the row lock and decided the new state). */
  async recordAttempt(
    id: string,
    change: { status: DeliveryStatus; statusCode: number | null; error: string | null; nextAttemptAt: Date | null; at: Date },
  ): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE webhooks.deliveries
          SET series_attempts = series_attempts + 1, total_attempts = total_attempts + 1,
              status = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5, updated_at = $6,
              completed_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $6::timestamptz END
        WHERE id = $1`,
      [id, change.status, change.statusCode, change.error, change.nextAttemptAt, change.at],
    );
  }

  /** Starts a new series of attempts (a resend) and returns its number; only a finished delivery restarts (null otherwise). */
  async restart(id: string, at: Date): Promise<number | null> {
    const rows = rowsOf<{ series: number }>(
      await this.txHost.tx.query(
        `UPDATE webhooks.deliveries
            SET series = series + 1, series_attempts = 0, status = 'pending', next_attempt_at = $2,
                updated_at = $2, completed_at = NULL
          WHERE id = $1 AND status <> 'pending'
        RETURNING series`,
        [id, at],
      ),
    );
    return rows[0]?.series ?? null;
  }

  /** Ends a pending delivery without sending it (its endpoint was deleted or switched off). */
  async cancel(id: string, reason: string, at: Date): Promise<boolean> {
    return (
      affectedOf(
        await this.txHost.tx.query(
          `UPDATE webhooks.deliveries SET status = 'cancelled', last_error = $2, next_attempt_at = NULL, updated_at = $3, completed_at = $3
            WHERE id = $1 AND status = 'pending'`,
          [id, reason, at],
        ),
      ) > 0
    );
  }

  /** Cancels every pending delivery of an endpoint; returns how many. */
  async cancelPendingOf(endpointId: string, reason: string, at: Date): Promise<number> {
    return affectedOf(
      await this.txHost.tx.query(
        `UPDATE webhooks.deliveries SET status = 'cancelled', last_error = $2, next_attempt_at = NULL, updated_at = $3, completed_at = $3
          WHERE endpoint_id = $1 AND status = 'pending'`,
        [endpointId, reason, at],
      ),
    );
  }

  /** Pending deliveries whose next attempt is overdue by more than the grace: their job may be lost. */
  async overdue(before: Date, limit: number): Promise<Array<{ id: string; series: number }>> {
    return this.txHost.tx.query(
      `SELECT id, series FROM webhooks.deliveries
        WHERE status = 'pending' AND next_attempt_at < $1 ORDER BY next_attempt_at LIMIT $2`,
      [before, limit],
    );
  }
}
