import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Coupon, CouponRule, Scope } from '../domain/pricing/pricing-types';

export interface CouponRecord extends Coupon {
  batchId: string | null;
  totalLimit: number | null;
  perBuyerLimit: number | null;
  usesTaken: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  code: string;
  name: string;
  batch_id: string | null;
  scope: Scope;
  rule: CouponRule;
  starts_at: Date;
  ends_at: Date;
  active: boolean;
  total_limit: number | null;
  per_buyer_limit: number | null;
  uses_taken: number;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): CouponRecord => ({
  id: r.id,
  code: r.code,
  name: r.name,
  batchId: r.batch_id,
  scope: r.scope,
  rule: r.rule,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  active: r.active,
  totalLimit: r.total_limit,
  perBuyerLimit: r.per_buyer_limit,
  usesTaken: r.uses_taken,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS = 'id, code, name, batch_id, scope, rule, starts_at, ends_at, active, total_limit, per_buyer_limit, uses_taken, created_at, updated_at';

/** Coupons and their use counters (uses held by unpaid orders plus uses consumed by paid ones). */
@Injectable()
export class CouponStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Inserts coupons; returns the codes that were already taken (nothing is inserted then). */
  async insertMany(coupons: CouponRecord[]): Promise<string[]> {
    const taken: Array<{ code: string }> = await this.txHost.tx.query(`SELECT code FROM promotions.coupons WHERE code = ANY($1::text[])`, [
      coupons.map((c) => c.code),
    ]);
    if (taken.length > 0) return taken.map((t) => t.code);
    // One statement for a whole batch: unnest keeps a 10,000-code batch to a single round trip.
    await this.txHost.tx.query(
      `INSERT INTO promotions.coupons (${COLUMNS})
       SELECT u.id, u.code, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12
         FROM unnest($1::uuid[], $2::text[]) AS u(id, code)`,
      [
        coupons.map((c) => c.id),
        coupons.map((c) => c.code),
        coupons[0].name,
        coupons[0].batchId,
        JSON.stringify(coupons[0].scope),
        JSON.stringify(coupons[0].rule),
        coupons[0].startsAt,
        coupons[0].endsAt,
        coupons[0].active,
        coupons[0].totalLimit,
        coupons[0].perBuyerLimit,
        coupons[0].createdAt,
      ],
    );
    return [];
  }

  async save(c: CouponRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE promotions.coupons SET name = $2, scope = $3, rule = $4, starts_at = $5, ends_at = $6, active = $7,
              total_limit = $8, per_buyer_limit = $9, updated_at = $10 WHERE id = $1`,
      [c.id, c.name, JSON.stringify(c.scope), JSON.stringify(c.rule), c.startsAt, c.endsAt, c.active, c.totalLimit, c.perBuyerLimit, c.updatedAt],
    );
  }

  async byCode(code: string, lock = false): Promise<CouponRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM promotions.coupons WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byId(id: string, lock = false): Promise<CouponRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM promotions.coupons WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(filter: { batchId?: string; code?: string }, limit: number, offset: number): Promise<{ items: CouponRecord[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM promotions.coupons
        WHERE ($1::uuid IS NULL OR batch_id = $1) AND ($2::text IS NULL OR code = $2)
        ORDER BY created_at DESC, code LIMIT $3 OFFSET $4`,
      [filter.batchId ?? null, filter.code ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  /** Called with the coupon row locked (byCode with lock), so the count cannot move meanwhile. */
  async addUse(id: string, delta: 1 | -1): Promise<void> {
    await this.txHost.tx.query(`UPDATE promotions.coupons SET uses_taken = greatest(uses_taken + $2, 0) WHERE id = $1`, [id, delta]);
  }
}
