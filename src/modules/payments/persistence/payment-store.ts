import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';
import { PaymentStatus, SETTLEABLE_STATUSES } from '../domain/settlement-rules';
import type { PaymentSummary } from '../public/payments.contracts';

export interface PaymentRecord {
  id: string;
  orderId: string;
  orderNo: string;
  channel: string;
  providerRef: string | null;
  amountMinor: number;
  currency: string;
  feeMinor: number;
  status: PaymentStatus;
  providerTxnId: string | null;
  settledBy: 'callback' | 'reconciliation' | 'manual' | null;
  payUrl: string | null;
  qrContent: string | null;
  refundedAmountMinor: number;
  createdAt: Date;
  expiresAt: Date;
  succeededAt: Date | null;
  closedAt: Date | null;
}

interface PaymentRow {
  id: string;
  order_id: string;
  order_no: string;
  channel: string;
  provider_ref: string | null;
  amount_minor: number;
  currency: string;
  fee_minor: number;
  status: PaymentStatus;
  provider_txn_id: string | null;
  settled_by: PaymentRecord['settledBy'];
  pay_url: string | null;
  qr_content: string | null;
  refunded_amount_minor: number;
  created_at: Date;
  expires_at: Date;
  succeeded_at: Date | null;
  closed_at: Date | null;
}

const toRecord = (r: PaymentRow): PaymentRecord => ({
  id: r.id,
  orderId: r.order_id,
  orderNo: r.order_no,
  channel: r.channel,
  providerRef: r.provider_ref,
  amountMinor: r.amount_minor,
  currency: r.currency,
  feeMinor: r.fee_minor,
  status: r.status,
  providerTxnId: r.provider_txn_id,
  settledBy: r.settled_by,
  payUrl: r.pay_url,
  qrContent: r.qr_content,
  refundedAmountMinor: r.refunded_amount_minor,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  succeededAt: r.succeeded_at,
  closedAt: r.closed_at,
});

export const toSummary = (p: PaymentRecord): PaymentSummary => ({
  paymentId: p.id,
  orderId: p.orderId,
  channel: p.channel,
  status: p.status,
  amountMinor: p.amountMinor,
  currency: p.currency,
  providerTxnId: p.providerTxnId,
  createdAt: p.createdAt.toISOString(),
  succeededAt: p.succeededAt?.toISOString() ?? null,
  refundedAmountMinor: p.refundedAmountMinor,
});

export interface PaymentFilter {
  orderId?: string;
  status?: PaymentStatus;
  channel?: string;
  limit: number;
  offset: number;
}

/** payments.payments, in the caller's transaction. State changes are conditional UPDATEs. */
@Injectable()
export class PaymentStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(p: PaymentRecord): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payments.payments (id, order_id, order_no, channel, provider_ref, amount_minor, currency, fee_minor, status,
              provider_txn_id, settled_by, pay_url, qr_content, refunded_amount_minor, created_at, expires_at, succeeded_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        p.id, p.orderId, p.orderNo, p.channel, p.providerRef, p.amountMinor, p.currency, p.feeMinor, p.status,
        p.providerTxnId, p.settledBy, p.payUrl, p.qrContent, p.refundedAmountMinor, p.createdAt, p.expiresAt, p.succeededAt, p.closedAt,
      ],
    );
  }

  async byId(id: string, lock = false): Promise<PaymentRecord | null> {
    const [row] = (await this.txHost.tx.query(
      `SELECT * FROM payments.payments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as PaymentRow[];
    return row ? toRecord(row) : null;
  }

  async ofOrder(orderId: string, lock = false): Promise<PaymentRecord[]> {
    const rows: PaymentRow[] = await this.txHost.tx.query(
      `SELECT * FROM payments.payments WHERE order_id = $1 ORDER BY created_at, id ${lock ? 'FOR UPDATE' : ''}`,
      [orderId],
    );
    return rows.map(toRecord);
  }

  async list(filter: PaymentFilter): Promise<{ items: PaymentRecord[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.orderId) add('order_id = ?', filter.orderId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.channel) add('channel = ?', filter.channel);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: PaymentRow[] = await this.txHost.tx.query(
      `SELECT * FROM payments.payments ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const [{ count }] = (await this.txHost.tx.query(`SELECT count(*)::int AS count FROM payments.payments ${where}`, params)) as [
      { count: number },
    ];
    return { items: rows.map(toRecord), total: count };
  }

  /** Whether another payment of the channel was already settled by this provider transaction. */
  async txnTaken(channel: string, providerTxnId: string, exceptPaymentId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `SELECT 1 FROM payments.payments WHERE channel = $1 AND provider_txn_id = $2 AND id <> $3`,
      [channel, providerTxnId, exceptPaymentId],
    );
    return rows.length > 0;
  }

  /** pending / expired / failed → succeeded, once: the row's current status decides who wins. */
  async markSucceeded(id: string, providerTxnId: string, settledBy: NonNullable<PaymentRecord['settledBy']>, at: Date): Promise<PaymentRecord | null> {
    const [row] = rowsOf<PaymentRow>(
      await this.txHost.tx.query(
        `UPDATE payments.payments SET status = 'succeeded', provider_txn_id = $2, settled_by = $3, succeeded_at = $4, closed_at = NULL
          WHERE id = $1 AND status = ANY($5::text[]) RETURNING *`,
        [id, providerTxnId, settledBy, at, SETTLEABLE_STATUSES],
      ),
    );
    return row ? toRecord(row) : null;
  }

  /** pending → failed or expired (the provider says it was not paid). */
  async close(id: string, status: 'failed' | 'expired', at: Date): Promise<boolean> {
    const rows = rowsOf(
      await this.txHost.tx.query(
        `UPDATE payments.payments SET status = $2, closed_at = $3 WHERE id = $1 AND status = 'pending' RETURNING id`,
        [id, status, at],
      ),
    );
    return rows.length === 1;
  }

  async addRefunded(id: string, amountMinor: number): Promise<PaymentRecord> {
    const [row] = rowsOf<PaymentRow>(
      await this.txHost.tx.query(
        `UPDATE payments.payments
            SET refunded_amount_minor = refunded_amount_minor + $2,
                status = CASE WHEN refunded_amount_minor + $2 = amount_minor THEN 'refunded' ELSE status END
          WHERE id = $1 AND status = 'succeeded' AND refunded_amount_minor + $2 <= amount_minor RETURNING *`,
        [id, amountMinor],
      ),
    );
    if (!row) throw new Error(`payment ${id} could not take a refund of ${amountMinor}`);
    return toRecord(row);
  }

  /**
   * Payments to ask their provider about: pending ones older than `olderThan`, and expired ones
   * that expired after `expiredSince` (a late payment whose callback was lost); the least recently
   * asked first, so a backlog is worked through in turn.
   */
  async dueForReconciliation(olderThan: Date, expiredSince: Date, limit: number): Promise<PaymentRecord[]> {
    const rows: PaymentRow[] = await this.txHost.tx.query(
      `SELECT * FROM payments.payments
        WHERE (status = 'pending' AND created_at <= $1) OR (status = 'expired' AND expires_at >= $2 AND created_at <= $1)
        ORDER BY reconciled_at NULLS FIRST, created_at LIMIT $3`,
      [olderThan, expiredSince, limit],
    );
    return rows.map(toRecord);
  }

  async markReconciled(id: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE payments.payments SET reconciled_at = $2 WHERE id = $1`, [id, at]);
  }
}
