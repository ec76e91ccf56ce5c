import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';
import type { Adjustment } from '../public/promotions.contracts';

export type HoldStatus = 'held' | 'consumed' | 'released' | 'refunded';

/** The experiment variant a visitor saw when the order was quoted: the conversion goes to it. */
export interface HeldAssignment {
  experimentId: string;
  experimentKey: string;
  phase: number;
  variantKey: string;
  visitorId: string;
}

export interface HoldRecord {
  orderId: string;
  status: HoldStatus;
  buyerKey: string | null;
  couponId: string | null;
  /** Flash-sale units per activity id. */
  flashUnits: Record<string, number>;
  adjustments: Adjustment[];
  assignments: HeldAssignment[];
  couponCode: string | null;
  expiresAt: Date | null;
}

interface Row {
  order_id: string;
  status: HoldStatus;
  buyer_key: string | null;
  coupon_id: string | null;
  flash_units: Record<string, number>;
  adjustments: Adjustment[];
  assignments: HeldAssignment[];
  coupon_code: string | null;
  expires_at: Date | null;
}

const toRecord = (r: Row): HoldRecord => ({
  orderId: r.order_id,
  status: r.status,
  buyerKey: r.buyer_key,
  couponId: r.coupon_id,
  flashUnits: r.flash_units,
  adjustments: r.adjustments,
  assignments: r.assignments,
  couponCode: r.coupon_code,
  expiresAt: r.expires_at,
});

const SELECT = `SELECT h.order_id, h.status, h.buyer_key, h.coupon_id, h.flash_units, h.adjustments, h.assignments, h.expires_at, c.code AS coupon_code
                  FROM promotions.holds h LEFT JOIN promotions.coupons c ON c.id = h.coupon_id`;

/**
 * What each order holds: one row per order id, so a hold and its release can arrive in any order
 * (a release first leaves a `released` row that makes the late hold fail).
 */
@Injectable()
export class HoldStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Claims the order's row; false when one exists already (held before, or released). */
  async claim(orderId: string, buyerKey: string | null, expiresAt: Date, now: Date): Promise<boolean> {
    const rows = rowsOf(
      await this.txHost.tx.query(
        `INSERT INTO promotions.holds (order_id, status, buyer_key, expires_at, created_at, updated_at)
         VALUES ($1, 'held', $2, $3, $4, $4) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [orderId, buyerKey, expiresAt, now],
      ),
    );
    return rows.length === 1;
  }

  async fill(orderId: string, fill: { couponId: string | null; flashUnits: Record<string, number>; adjustments: Adjustment[]; assignments: HeldAssignment[] }): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE promotions.holds SET coupon_id = $2, flash_units = $3, adjustments = $4, assignments = $5 WHERE order_id = $1`,
      [orderId, fill.couponId, JSON.stringify(fill.flashUnits), JSON.stringify(fill.adjustments), JSON.stringify(fill.assignments)],
    );
  }

  async byOrder(orderId: string, lock = false): Promise<HoldRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`${SELECT} WHERE h.order_id = $1${lock ? ' FOR UPDATE OF h' : ''}`, [orderId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Leaves a `released` row for an order that never held anything, so a hold arriving later is refused. */
  async tombstone(orderId: string, now: Date): Promise<boolean> {
    const rows = rowsOf(
      await this.txHost.tx.query(
        `INSERT INTO promotions.holds (order_id, status, created_at, updated_at) VALUES ($1, 'released', $2, $2)
         ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [orderId, now],
      ),
    );
    return rows.length === 1;
  }

  async setStatus(orderId: string, status: HoldStatus, now: Date, late = false): Promise<void> {
    await this.txHost.tx.query(`UPDATE promotions.holds SET status = $2, late = late OR $3, updated_at = $4 WHERE order_id = $1`, [orderId, status, late, now]);
  }

  /** Uses of a coupon by one buyer that still count (held or consumed). */
  async couponUsesOf(couponId: string, buyerKey: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.txHost.tx.query(
      `SELECT count(*)::int AS n FROM promotions.holds WHERE coupon_id = $1 AND buyer_key = $2 AND status IN ('held', 'consumed')`,
      [couponId, buyerKey],
    );
    return row.n;
  }

  /** Flash-sale units one buyer holds or bought, per activity. */
  async flashUnitsOf(activityIds: string[], buyerKey: string): Promise<Map<string, number>> {
    const rows: Array<{ activity_id: string; units: number }> = await this.txHost.tx.query(
      `SELECT f.activity_id, sum(f.units)::int AS units FROM promotions.flash_sale_units f
         JOIN promotions.holds h ON h.order_id = f.order_id
        WHERE f.activity_id = ANY($1::uuid[]) AND f.buyer_key = $2 AND h.status IN ('held', 'consumed')
        GROUP BY f.activity_id`,
      [activityIds, buyerKey],
    );
    return new Map(rows.map((r) => [r.activity_id, r.units]));
  }

  async recordFlashUnits(orderId: string, buyerKey: string, units: Record<string, number>): Promise<void> {
    const entries = Object.entries(units).filter(([, n]) => n > 0);
    if (entries.length === 0) return;
    await this.txHost.tx.query(
      `INSERT INTO promotions.flash_sale_units (order_id, activity_id, buyer_key, units)
       SELECT $1, u.activity_id, $2, u.units FROM unnest($3::uuid[], $4::int[]) AS u(activity_id, units)`,
      [orderId, buyerKey, entries.map(([id]) => id), entries.map(([, n]) => n)],
    );
  }

  /** Held rows whose order's payment window ended a while ago: the order never came, or closed unseen. */
  async staleHolds(before: Date, limit: number): Promise<string[]> {
    const rows: Array<{ order_id: string }> = await this.txHost.tx.query(
      `SELECT order_id FROM promotions.holds WHERE status = 'held' AND expires_at < $1 ORDER BY expires_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.order_id);
  }
}
