import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { affectedOf } from '../../../platform/database/sql-result';
import type { Activity, ActivityRule, Scope } from '../domain/pricing/pricing-types';

export interface ActivityRecord extends Activity {
  flashUnitsTaken: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  name: string;
  kind: string;
  scope: Scope;
  rule: ActivityRule;
  starts_at: Date;
  ends_at: Date;
  active: boolean;
  flash_units_taken: number;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): ActivityRecord => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  rule: r.rule,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  active: r.active,
  flashUnitsTaken: r.flash_units_taken,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Activities (满减, 阶梯, flash sales, Nth item, member price) and the flash-sale unit counters. */
@Injectable()
export class ActivityStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(a: ActivityRecord): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO promotions.activities (id, name, kind, scope, rule, starts_at, ends_at, active, flash_units_taken, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)`,
      [a.id, a.name, a.rule.kind, JSON.stringify(a.scope), JSON.stringify(a.rule), a.startsAt, a.endsAt, a.active, a.createdAt],
    );
  }

  async save(a: ActivityRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE promotions.activities SET name = $2, scope = $3, rule = $4, starts_at = $5, ends_at = $6, active = $7, updated_at = $8 WHERE id = $1`,
      [a.id, a.name, JSON.stringify(a.scope), JSON.stringify(a.rule), a.startsAt, a.endsAt, a.active, a.updatedAt],
    );
  }

  async byId(id: string, lock = false): Promise<ActivityRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM promotions.activities WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(filter: { kind?: string; active?: boolean }, limit: number, offset: number): Promise<{ items: ActivityRecord[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER () AS total FROM promotions.activities
        WHERE ($1::text IS NULL OR kind = $1) AND ($2::boolean IS NULL OR active = $2)
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [filter.kind ?? null, filter.active ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  /** Active activities whose window contains `at`. */
  async live(at: Date): Promise<ActivityRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM promotions.activities WHERE active AND starts_at <= $1 AND ends_at > $1 ORDER BY id`,
      [at],
    );
    return rows.map(toRecord);
  }

  /** Locks flash sales (in id order, so two orders never wait on each other in a circle) and reads their counters. */
  async lockFlashSales(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; flash_units_taken: number }> = await this.txHost.tx.query(
      `SELECT id, flash_units_taken FROM promotions.activities WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.flash_units_taken]));
  }

  /** Takes flash-sale units; false when that would pass the sale's quantity limit (nothing changes then). */
  async takeFlashUnits(id: string, units: number, quantityLimit: number): Promise<boolean> {
    const result = await this.txHost.tx.query(
      `UPDATE promotions.activities SET flash_units_taken = flash_units_taken + $2 WHERE id = $1 AND flash_units_taken + $2 <= $3`,
      [id, units, quantityLimit],
    );
    return affectedOf(result) === 1;
  }

  /** Gives units back (a late payment may take units past the limit, so this never goes below zero). */
  async giveBackFlashUnits(id: string, units: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE promotions.activities SET flash_units_taken = greatest(flash_units_taken - $2, 0) WHERE id = $1`, [id, units]);
  }

  /** Takes units regardless of the limit: a payment that arrived after its hold was given back. */
  async forceTakeFlashUnits(id: string, units: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE promotions.activities SET flash_units_taken = flash_units_taken + $2 WHERE id = $1`, [id, units]);
  }
}
