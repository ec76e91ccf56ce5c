import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export type CallbackState = 'received' | 'settled' | 'duplicate' | 'applied' | 'ignored' | 'mismatch' | 'conflict' | 'unmatched';

export interface CallbackRecord {
  id: string;
  channel: string;
  providerTxnId: string;
  reportedStatus: 'succeeded' | 'failed';
  paymentId: string;
  amountMinor: number;
  currency: string;
  state: CallbackState;
  detail: Record<string, unknown> | null;
  receivedAt: Date;
  processedAt: Date | null;
}

interface Row {
  id: string;
  channel: string;
  provider_txn_id: string;
  reported_status: CallbackRecord['reportedStatus'];
  payment_id: string;
  amount_minor: number;
  currency: string;
  state: CallbackState;
  detail: Record<string, unknown> | null;
  received_at: Date;
  processed_at: Date | null;
}

const toRecord = (r: Row): CallbackRecord => ({
  id: r.id,
  channel: r.channel,
  providerTxnId: r.provider_txn_id,
  reportedStatus: r.reported_status,
  paymentId: r.payment_id,
  amountMinor: r.amount_minor,
  currency: r.currency,
  state: r.state,
  detail: r.detail,
  receivedAt: r.received_at,
  processedAt: r.processed_at,
});

/** payments.callbacks: the inbox of verified provider notifications, one row per notification. */
@Injectable()
export class CallbackStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Stores the notification once; the same one again returns the row stored first. */
  async storeOnce(c: Omit<CallbackRecord, 'state' | 'detail' | 'processedAt'>): Promise<{ record: CallbackRecord; fresh: boolean }> {
    const [inserted] = (await this.txHost.tx.query(
      `INSERT INTO payments.callbacks (id, channel, provider_txn_id, reported_status, payment_id, amount_minor, currency, state, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', $8)
       ON CONFLICT (channel, provider_txn_id, reported_status) DO NOTHING RETURNING *`,
      [c.id, c.channel, c.providerTxnId, c.reportedStatus, c.paymentId, c.amountMinor, c.currency, c.receivedAt],
    )) as Row[];
    if (inserted) return { record: toRecord(inserted), fresh: true };
    const [existing] = (await this.txHost.tx.query(
      `SELECT * FROM payments.callbacks WHERE channel = $1 AND provider_txn_id = $2 AND reported_status = $3`,
      [c.channel, c.providerTxnId, c.reportedStatus],
    )) as Row[];
    return { record: toRecord(existing), fresh: false };
  }

  async byId(id: string, lock = false): Promise<CallbackRecord | null> {
    const [row] = (await this.txHost.tx.query(`SELECT * FROM payments.callbacks WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id])) as Row[];
    return row ? toRecord(row) : null;
  }

  async finish(id: string, state: Exclude<CallbackState, 'received'>, detail: Record<string, unknown> | null, at: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payments.callbacks SET state = $2, detail = $3::jsonb, processed_at = $4 WHERE id = $1 AND state = 'received'`,
      [id, state, detail === null ? null : JSON.stringify(detail), at],
    );
  }

  /** Callbacks stored but still not processed (their job was lost): to be queued again. */
  async waiting(receivedBefore: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.txHost.tx.query(
      `SELECT id FROM payments.callbacks WHERE state = 'received' AND received_at <= $1 ORDER BY received_at LIMIT $2`,
      [receivedBefore, limit],
    );
    return rows.map((r) => r.id);
  }

  async list(filter: { state?: CallbackState; paymentId?: string; limit: number; offset: number }): Promise<{ items: CallbackRecord[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.state) conditions.push(`state = $${params.push(filter.state)}`);
    if (filter.paymentId) conditions.push(`payment_id = $${params.push(filter.paymentId)}`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM payments.callbacks ${where} ORDER BY received_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const [{ count }] = (await this.txHost.tx.query(`SELECT count(*)::int AS count FROM payments.callbacks ${where}`, params)) as [{ count: number }];
    return { items: rows.map(toRecord), total: count };
  }
}
