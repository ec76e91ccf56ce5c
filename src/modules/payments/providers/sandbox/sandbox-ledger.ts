import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { affectedOf } from '../../../../platform/database/sql-result';

export interface SandboxTransaction {
  providerRef: string;
  channel: string;
  paymentId: string;
  orderNo: string;
  subject: string;
  amountMinor: number;
  currency: string;
  status: 'unpaid' | 'paid' | 'closed';
  txnId: string | null;
  refundedMinor: number;
  returnUrl: string | null;
  createdAt: Date;
  paidAt: Date | null;
}

interface Row {
  provider_ref: string;
  channel: string;
  payment_id: string;
  order_no: string;
  subject: string;
  amount_minor: number;
  currency: string;
  status: SandboxTransaction['status'];
  txn_id: string | null;
  refunded_minor: number;
  return_url: string | null;
  created_at: Date;
  paid_at: Date | null;
}

const toTransaction = (r: Row): SandboxTransaction => ({
  providerRef: r.provider_ref,
  channel: r.channel,
  paymentId: r.payment_id,
  orderNo: r.order_no,
  subject: r.subject,
  amountMinor: r.amount_minor,
  currency: r.currency,
  status: r.status,
  txnId: r.txn_id,
  refundedMinor: r.refunded_minor,
  returnUrl: r.return_url,
  createdAt: r.created_at,
  paidAt: r.paid_at,
});

const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/**
 * The sandbox provider's own books: what a real provider keeps on its side. Written on separate
 * connections, never in the shop's transaction, just as a remote provider's records outlive a
 * shop transaction that rolls back.
 */
@Injectable()
export class SandboxLedger {
  constructor(private readonly dataSource: DataSource) {}

  /** Opens (or, for the same channel and payment again, returns) the sandbox's transaction. */
  async open(
    t: Pick<SandboxTransaction, 'channel' | 'paymentId' | 'orderNo' | 'subject' | 'amountMinor' | 'currency' | 'returnUrl'>,
    now: Date,
  ): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO payments.sandbox_transactions
         (provider_ref, channel, payment_id, order_no, subject, amount_minor, currency, status, return_url, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'unpaid', $8, $9)
       ON CONFLICT (channel, payment_id) DO UPDATE SET subject = EXCLUDED.subject
       RETURNING provider_ref`,
      [newId('sbx_'), t.channel, t.paymentId, t.orderNo, t.subject, t.amountMinor, t.currency, t.returnUrl, now],
    )) as Array<{ provider_ref: string }>;
    return row.provider_ref;
  }

  async byPayment(channel: string, paymentId: string): Promise<SandboxTransaction | null> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM payments.sandbox_transactions WHERE channel = $1 AND payment_id = $2`,
      [channel, paymentId],
    )) as Row[];
    return row ? toTransaction(row) : null;
  }

  /** The transaction behind the shop's payment (the one its payment row points at). */
  async forShopPayment(paymentId: string): Promise<SandboxTransaction | null> {
    const [row] = (await this.dataSource.query(
      `SELECT s.* FROM payments.sandbox_transactions s
         JOIN payments.payments p ON p.id = s.payment_id AND p.provider_ref = s.provider_ref
        WHERE s.payment_id = $1`,
      [paymentId],
    )) as Row[];
    return row ? toTransaction(row) : null;
  }

  /** The buyer paid (or the payment failed): once; a repeat returns the transaction as it is. */
  async complete(providerRef: string, outcome: 'paid' | 'closed', now: Date): Promise<SandboxTransaction> {
    await this.dataSource.query(
      `UPDATE payments.sandbox_transactions SET status = $2, txn_id = $3, paid_at = CASE WHEN $2 = 'paid' THEN $4::timestamptz END
        WHERE provider_ref = $1 AND status = 'unpaid'`,
      [providerRef, outcome, newId('SBXT'), now],
    );
    const [row] = (await this.dataSource.query(`SELECT * FROM payments.sandbox_transactions WHERE provider_ref = $1`, [providerRef])) as Row[];
    return toTransaction(row);
  }

  /** Pays back part or all of a paid transaction; the same request id again returns the same refund. */
  async refund(providerRef: string, requestId: string, amountMinor: number, now: Date): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const [done] = (await tx.query(`SELECT refund_id FROM payments.sandbox_refunds WHERE request_id = $1`, [requestId])) as Array<{
        refund_id: string;
      }>;
      if (done) return done.refund_id;
      const updated = await tx.query(
        `UPDATE payments.sandbox_transactions SET refunded_minor = refunded_minor + $2
          WHERE provider_ref = $1 AND status = 'paid' AND refunded_minor + $2 <= amount_minor RETURNING provider_ref`,
        [providerRef, amountMinor],
      );
      if (affectedOf(updated) !== 1) throw new Error('sandbox: the transaction is not paid or the refund exceeds what is left');
      const refundId = newId('SBXR');
      await tx.query(
        `INSERT INTO payments.sandbox_refunds (request_id, provider_ref, refund_id, amount_minor, created_at) VALUES ($1, $2, $3, $4, $5)`,
        [requestId, providerRef, refundId, amountMinor, now],
      );
      return refundId;
    });
  }
}
