import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';

export interface RefundRecord {
  id: string;
  paymentId: string;
  requestNo: number;
  amountMinor: number;
  outcome: 'refunded' | 'flagged';
  providerRefundId: string | null;
  reason: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
}

interface Row {
  id: string;
  payment_id: string;
  request_no: number;
  amount_minor: number;
  outcome: RefundRecord['outcome'];
  provider_refund_id: string | null;
  reason: string;
  created_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
}

const toRecord = (r: Row): RefundRecord => ({
  id: r.id,
  paymentId: r.payment_id,
  requestNo: r.request_no,
  amountMinor: r.amount_minor,
  outcome: r.outcome,
  providerRefundId: r.provider_refund_id,
  reason: r.reason,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  resolution: r.resolution,
});

/** payments.refunds: each refund of a payment, by the provider or flagged for a person. */
@Injectable()
export class RefundStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The number of the payment's next refund (call with the payment row locked). */
  async nextRequestNo(paymentId: string): Promise<number> {
    const [{ n }] = (await this.txHost.tx.query(`SELECT count(*)::int AS n FROM payments.refunds WHERE payment_id = $1`, [paymentId])) as [
      { n: number },
    ];
    return n + 1;
  }

  async insert(r: RefundRecord): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payments.refunds (id, payment_id, request_no, amount_minor, outcome, provider_refund_id, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.id, r.paymentId, r.requestNo, r.amountMinor, r.outcome, r.providerRefundId, r.reason, r.createdAt],
    );
  }

  async list(filter: { paymentId?: string; open?: boolean; limit: number; offset: number }): Promise<{ items: RefundRecord[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.paymentId) conditions.push(`payment_id = $${params.push(filter.paymentId)}`);
    if (filter.open) conditions.push(`outcome = 'flagged' AND resolved_at IS NULL`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM payments.refunds ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const [{ count }] = (await this.txHost.tx.query(`SELECT count(*)::int AS count FROM payments.refunds ${where}`, params)) as [{ count: number }];
    return { items: rows.map(toRecord), total: count };
  }

  /** A person paid a flagged refund back by hand; false when it is not an open flagged refund. */
  async resolve(id: string, resolution: string, at: Date): Promise<RefundRecord | null> {
    const [row] = rowsOf<Row>(
      await this.txHost.tx.query(
        `UPDATE payments.refunds SET resolved_at = $3, resolution = $2
          WHERE id = $1 AND outcome = 'flagged' AND resolved_at IS NULL RETURNING *`,
        [id, resolution, at],
      ),
    );
    return row ? toRecord(row) : null;
  }
}
