import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { RateSource } from '../domain/commission-plan';
import type { CommissionStatus } from '../domain/commission-reversal';

export interface Commission {
  id: string;
  orderId: string;
  level: number;
  beneficiaryId: string;
  buyerId: string;
  goodsId: string;
  baseMinor: number;
  rateBps: number;
  rateSource: RateSource;
  rankId: string | null;
  amountMinor: number;
  reversedMinor: number;
  creditedMinor: number;
  currency: string;
  status: CommissionStatus;
  frozenUntil: Date;
  settledAt: Date | null;
  createdAt: Date;
}

interface Row {
  id: string;
  order_id: string;
  level: number;
  beneficiary_id: string;
  buyer_id: string;
  goods_id: string;
  base_minor: number;
  rate_bps: number;
  rate_source: RateSource;
  rank_id: string | null;
  amount_minor: number;
  reversed_minor: number;
  credited_minor: number;
  currency: string;
  status: CommissionStatus;
  frozen_until: Date;
  settled_at: Date | null;
  created_at: Date;
}

const toRecord = (r: Row): Commission => ({
  id: r.id,
  orderId: r.order_id,
  level: r.level,
  beneficiaryId: r.beneficiary_id,
  buyerId: r.buyer_id,
  goodsId: r.goods_id,
  baseMinor: r.base_minor,
  rateBps: r.rate_bps,
  rateSource: r.rate_source,
  rankId: r.rank_id,
  amountMinor: r.amount_minor,
  reversedMinor: r.reversed_minor,
  creditedMinor: r.credited_minor,
  currency: r.currency,
  status: r.status,
  frozenUntil: r.frozen_until,
  settledAt: r.settled_at,
  createdAt: r.created_at,
});

export interface StatusTotals {
  count: number;
  amountMinor: number;
  reversedMinor: number;
  creditedMinor: number;
}

/** Commissions, one per (order, level), with the upline member and rate as they were at payment. */
@Injectable()
export class CommissionStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insertMany(commissions: Commission[]): Promise<void> {
    if (commissions.length === 0) return;
    const params: unknown[] = [];
    const values = commissions.map((c) => {
      params.push(c.id, c.orderId, c.level, c.beneficiaryId, c.buyerId, c.goodsId, c.baseMinor, c.rateBps, c.rateSource, c.rankId, c.amountMinor, c.currency, c.frozenUntil, c.createdAt);
      const b = params.length - 14;
      return `(${Array.from({ length: 14 }, (_, i) => `$${b + i + 1}`).join(', ')}, 'frozen', $${b + 14})`;
    });
    await this.txHost.tx.query(
      `INSERT INTO referrals.commissions (id, order_id, level, beneficiary_id, buyer_id, goods_id, base_minor, rate_bps, rate_source, rank_id,
         amount_minor, currency, frozen_until, created_at, status, updated_at) VALUES ${values.join(', ')}`,
      params,
    );
  }

  /** The order's commissions, locked, in beneficiary order (the order wallets are then locked in). */
  async byOrderLocked(orderId: string): Promise<Commission[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM referrals.commissions WHERE order_id = $1 ORDER BY beneficiary_id, id FOR NO KEY UPDATE`,
      [orderId],
    );
    return rows.map(toRecord);
  }

  /** Frozen commissions whose window has passed, locked (skipping any a refund holds), in beneficiary order. */
  async dueLocked(now: Date, limit: number): Promise<Commission[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM referrals.commissions WHERE status = 'frozen' AND frozen_until <= $1
        ORDER BY beneficiary_id, id LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toRecord);
  }

  async saveReversal(id: string, reversedMinor: number, status: CommissionStatus, now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.commissions SET reversed_minor = $2, status = $3, updated_at = $4 WHERE id = $1`, [id, reversedMinor, status, now]);
  }

  async saveSettlement(id: string, status: 'settled' | 'cancelled', creditedMinor: number, now: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE referrals.commissions SET status = $2, credited_minor = $3, settled_at = $4, updated_at = $4 WHERE id = $1`,
      [id, status, creditedMinor, now],
    );
  }

  async totalsByStatus(beneficiaryId: string): Promise<Record<CommissionStatus, StatusTotals>> {
    const rows: Array<{ status: CommissionStatus; count: number; amount: number; reversed: number; credited: number }> = await this.txHost.tx.query(
      `SELECT status, count(*)::int AS count, sum(amount_minor)::bigint AS amount, sum(reversed_minor)::bigint AS reversed,
              sum(credited_minor)::bigint AS credited
         FROM referrals.commissions WHERE beneficiary_id = $1 GROUP BY status`,
      [beneficiaryId],
    );
    const totals = {} as Record<CommissionStatus, StatusTotals>;
    for (const status of ['frozen', 'settled', 'cancelled', 'clawed_back'] as const) {
      const r = rows.find((x) => x.status === status);
      totals[status] = { count: r?.count ?? 0, amountMinor: r?.amount ?? 0, reversedMinor: r?.reversed ?? 0, creditedMinor: r?.credited ?? 0 };
    }
    return totals;
  }

  async list(filter: { beneficiaryId?: string; orderId?: string; status?: CommissionStatus }, limit: number, offset: number) {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER ()::int AS total FROM referrals.commissions
        WHERE ($1::uuid IS NULL OR beneficiary_id = $1) AND ($2::uuid IS NULL OR order_id = $2) AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, order_id, level LIMIT $4 OFFSET $5`,
      [filter.beneficiaryId ?? null, filter.orderId ?? null, filter.status ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }
}
