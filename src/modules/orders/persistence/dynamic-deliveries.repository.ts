import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { rowsOf } from '../../../platform/database/sql-result';

/**
 * `pending`: calls of the current round are under way (or due); `failed`: the round's last call
 * failed, the order waits for an admin; `delivered`; `abandoned`: the order was refunded first.
 */
export type DynamicDeliveryStatus = 'pending' | 'failed' | 'delivered' | 'abandoned';

/** One row of orders.dynamic_deliveries: how the shop is getting an order's items from the merchant. */
export interface DynamicDeliveryRow {
  order_id: string;
  /** Sent with every call for the order, so the merchant can recognise a repeat. */
  request_id: string;
  status: DynamicDeliveryStatus;
  /** 1 for the automatic calls after payment; each admin retry starts the next round. */
  round: number;
  /** Calls made in this round. */
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

export interface DynamicDeliveryAttemptRow {
  round: number;
  attempt: number;
  at: Date;
  outcome: 'delivered' | 'failed';
  http_status: number | null;
  duration_ms: number;
  error: string | null;
}

/** orders.dynamic_deliveries and the log of calls to the merchant, through the ambient transaction. */
@Injectable()
export class DynamicDeliveriesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Starts an order's delivery (round 1, a fresh request id); an existing one is left as it is. */
  async open(orderId: string, now: Date): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO orders.dynamic_deliveries (order_id, request_id, status, round, attempts, created_at, updated_at)
       VALUES ($1, $2, 'pending', 1, 0, $3, $3) ON CONFLICT (order_id) DO NOTHING`,
      [orderId, randomUUID(), now],
    );
  }

  async byOrder(orderId: string, lock = false): Promise<DynamicDeliveryRow | undefined> {
    const [row] = (await this.txHost.tx.query(
      `SELECT * FROM orders.dynamic_deliveries WHERE order_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [orderId],
    )) as DynamicDeliveryRow[];
    return row;
  }

  /** An admin's retry: the next round, its calls counted from zero, the request id unchanged. */
  async startRound(orderId: string, now: Date): Promise<DynamicDeliveryRow> {
    await this.open(orderId, now);
    const [row] = rowsOf<DynamicDeliveryRow>(await this.txHost.tx.query(
      `UPDATE orders.dynamic_deliveries SET round = round + 1, attempts = 0, status = 'pending', updated_at = $2
        WHERE order_id = $1 RETURNING *`,
      [orderId, now],
    ));
    return row;
  }

  async recordFailure(orderId: string, f: { error: string; at: Date; final: boolean }): Promise<DynamicDeliveryRow> {
    const [row] = rowsOf<DynamicDeliveryRow>(await this.txHost.tx.query(
      `UPDATE orders.dynamic_deliveries
          SET attempts = attempts + 1, last_error = $2, last_attempt_at = $3, updated_at = $3,
              status = CASE WHEN $4 THEN 'failed' ELSE status END
        WHERE order_id = $1 RETURNING *`,
      [orderId, f.error, f.at, f.final],
    ));
    return row;
  }

  async markDelivered(orderId: string, at: Date): Promise<DynamicDeliveryRow> {
    const [row] = rowsOf<DynamicDeliveryRow>(await this.txHost.tx.query(
      `UPDATE orders.dynamic_deliveries
          SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $2, delivered_at = $2, updated_at = $2
        WHERE order_id = $1 RETURNING *`,
      [orderId, at],
    ));
    return row;
  }

  /** The order was refunded before the merchant answered: no more calls. */
  async abandon(orderId: string, at: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE orders.dynamic_deliveries SET status = 'abandoned', updated_at = $2 WHERE order_id = $1 AND status IN ('pending', 'failed')`,
      [orderId, at],
    );
  }

  async logAttempt(a: {
    orderId: string;
    round: number;
    attempt: number;
    at: Date;
    outcome: 'delivered' | 'failed';
    httpStatus: number | null;
    durationMs: number;
    error: string | null;
  }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO orders.dynamic_delivery_attempts (order_id, round, attempt, at, outcome, http_status, duration_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [a.orderId, a.round, a.attempt, a.at, a.outcome, a.httpStatus, a.durationMs, a.error],
    );
  }

  /** The latest calls first. */
  async attempts(orderId: string, limit: number): Promise<DynamicDeliveryAttemptRow[]> {
    return this.txHost.tx.query(
      `SELECT round, attempt, at, outcome, http_status, duration_ms, error
         FROM orders.dynamic_delivery_attempts WHERE order_id = $1 ORDER BY id DESC LIMIT $2`,
      [orderId, limit],
    );
  }

  /** Pending deliveries nothing happened to for a while: their job may have been lost. */
  async stalePending(before: Date, limit: number): Promise<Array<{ order_id: string; round: number }>> {
    return this.txHost.tx.query(
      `SELECT order_id, round FROM orders.dynamic_deliveries
        WHERE status = 'pending' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [before, limit],
    );
  }
}
