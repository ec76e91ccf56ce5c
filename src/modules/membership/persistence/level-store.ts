import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';
import type { LevelRule, ThresholdKind } from '../domain/member-levels';

export interface LevelRecord extends LevelRule {
  benefits: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The levels as one consistent picture: what they are and the revision they are at. */
export interface LevelsSnapshot {
  revision: number;
  levels: LevelRecord[];
}

interface Row {
  id: string;
  name: string;
  threshold_kind: ThresholdKind;
  threshold: number;
  discount_percent: number;
  benefits: string;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): LevelRecord => ({
  id: r.id,
  name: r.name,
  thresholdKind: r.threshold_kind,
  threshold: r.threshold,
  discountPercent: r.discount_percent,
  benefits: r.benefits,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS = 'id, name, threshold_kind, threshold, discount_percent, benefits, created_at, updated_at';

@Injectable()
export class LevelStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * The levels and their revision, read by one statement so they always match (a level edit
   * changes both in one transaction). A shop has a handful of levels: reading them all is cheap.
   */
  async snapshot(): Promise<LevelsSnapshot> {
    const rows: Array<Partial<Row> & { revision: number }> = await this.txHost.tx.query(
      `SELECT r.revision, l.id, l.name, l.threshold_kind, l.threshold, l.discount_percent, l.benefits, l.created_at, l.updated_at
         FROM membership.level_revision r LEFT JOIN membership.levels l ON true`,
    );
    return { revision: rows[0].revision, levels: rows.filter((r) => r.id).map((r) => toRecord(r as Row)) };
  }

  /**
   * Starts a level edit: locks the revision row (so level edits run one at a time) and moves it on.
   * Every member whose stored level was computed before is now stale.
   */
  async nextRevision(): Promise<number> {
    const [row] = rowsOf<{ revision: number }>(await this.txHost.tx.query(`UPDATE membership.level_revision SET revision = revision + 1 RETURNING revision`));
    return row.revision;
  }

  async byId(id: string): Promise<LevelRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM membership.levels WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** False when the name is taken (case-insensitive). */
  async insert(l: LevelRecord): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO membership.levels (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`,
      [l.id, l.name, l.thresholdKind, l.threshold, l.discountPercent, l.benefits, l.createdAt, l.updatedAt],
    );
    return rows.length === 1;
  }

  async nameTaken(name: string, exceptId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(`SELECT 1 FROM membership.levels WHERE lower(name) = lower($1) AND id <> $2`, [name, exceptId]);
    return rows.length > 0;
  }

  async save(l: LevelRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE membership.levels SET name = $2, threshold_kind = $3, threshold = $4, discount_percent = $5, benefits = $6, updated_at = $7 WHERE id = $1`,
      [l.id, l.name, l.thresholdKind, l.threshold, l.discountPercent, l.benefits, l.updatedAt],
    );
  }

  async delete(id: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM membership.levels WHERE id = $1`, [id]);
  }
}
