import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { WithdrawalStatus } from '../domain/withdrawal-state-machine';

export type WithdrawalMethod = 'alipay' | 'wechat' | 'bank';

export interface Withdrawal {
  id: string;
  memberId: string;
  currency: string;
  amountMinor: number;
  feeMinor: number;
  payoutMinor: number;
  method: WithdrawalMethod;
  account: string;
  status: WithdrawalStatus;
  rejectReason: string | null;
  paidReference: string | null;
  requestedAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  paidAt: Date | null;
}

interface Row {
  id: string;
  member_id: string;
  currency: string;
  amount_minor: number;
  fee_minor: number;
  payout_minor: number;
  method: WithdrawalMethod;
  account: string;
  status: WithdrawalStatus;
  reject_reason: string | null;
  paid_reference: string | null;
  requested_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  paid_at: Date | null;
}

const toRecord = (r: Row): Withdrawal => ({
  id: r.id,
  memberId: r.member_id,
  currency: r.currency,
  amountMinor: r.amount_minor,
  feeMinor: r.fee_minor,
  payoutMinor: r.payout_minor,
  method: r.method,
  account: r.account,
  status: r.status,
  rejectReason: r.reject_reason,
  paidReference: r.paid_reference,
  requestedAt: r.requested_at,
  reviewedAt: r.reviewed_at,
  reviewedBy: r.reviewed_by,
  paidAt: r.paid_at,
});

@Injectable()
export class WithdrawalStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(w: Withdrawal): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO referrals.withdrawals (id, member_id, currency, amount_minor, fee_minor, payout_minor, method, account, status, requested_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [w.id, w.memberId, w.currency, w.amountMinor, w.feeMinor, w.payoutMinor, w.method, w.account, w.status, w.requestedAt],
    );
  }

  async byId(id: string, lock = false): Promise<Withdrawal | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM referrals.withdrawals WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async save(w: Withdrawal, now: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE referrals.withdrawals SET status = $2, reject_reason = $3, paid_reference = $4, reviewed_at = $5, reviewed_by = $6, paid_at = $7, updated_at = $8
        WHERE id = $1`,
      [w.id, w.status, w.rejectReason, w.paidReference, w.reviewedAt, w.reviewedBy, w.paidAt, now],
    );
  }

  async list(filter: { memberId?: string; status?: WithdrawalStatus }, limit: number, offset: number): Promise<{ items: Withdrawal[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER ()::int AS total FROM referrals.withdrawals
        WHERE ($1::uuid IS NULL OR member_id = $1) AND ($2::text IS NULL OR status = $2)
        ORDER BY requested_at DESC, id LIMIT $3 OFFSET $4`,
      [filter.memberId ?? null, filter.status ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }
}
