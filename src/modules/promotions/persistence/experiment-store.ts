import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';

export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'stopped';

/** A variant and the promotions it switches on for its visitors. */
export interface ExperimentVariant {
  key: string;
  name: string;
  weight: number;
  isControl: boolean;
  activityIds: string[];
  couponIds: string[];
}

export interface ExperimentRecord {
  id: string;
  key: string;
  name: string;
  status: ExperimentStatus;
  phase: number;
  coverage: number;
  variants: ExperimentVariant[];
  startedAt: Date | null;
  stoppedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  key: string;
  name: string;
  status: ExperimentStatus;
  phase: number;
  coverage: string;
  variants: ExperimentVariant[];
  started_at: Date | null;
  stopped_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): ExperimentRecord => ({
  id: r.id,
  key: r.key,
  name: r.name,
  status: r.status,
  phase: r.phase,
  coverage: Number(r.coverage),
  variants: r.variants,
  startedAt: r.started_at,
  stoppedAt: r.stopped_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface VariantFigures {
  variantKey: string;
  /** Visitors exposed in the phase. */
  visitors: number;
  /** Of them, those with at least one paid order. */
  convertedVisitors: number;
  orders: number;
  revenueMinor: number;
}

/** Experiments, the first exposure of each visitor (which makes the assignment sticky) and conversions. */
@Injectable()
export class ExperimentStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** False when the key is taken. */
  async insert(e: ExperimentRecord): Promise<boolean> {
    const rows = rowsOf(
      await this.txHost.tx.query(
        `INSERT INTO promotions.experiments (id, key, name, status, phase, coverage, variants, started_at, stopped_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (key) DO NOTHING RETURNING id`,
        [e.id, e.key, e.name, e.status, e.phase, e.coverage, JSON.stringify(e.variants), e.startedAt, e.stoppedAt, e.createdAt],
      ),
    );
    return rows.length === 1;
  }

  async save(e: ExperimentRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE promotions.experiments SET name = $2, status = $3, phase = $4, coverage = $5, variants = $6, started_at = $7, stopped_at = $8, updated_at = $9
        WHERE id = $1`,
      [e.id, e.name, e.status, e.phase, e.coverage, JSON.stringify(e.variants), e.startedAt, e.stoppedAt, e.updatedAt],
    );
  }

  async byId(id: string, lock = false): Promise<ExperimentRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM promotions.experiments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(): Promise<ExperimentRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM promotions.experiments ORDER BY created_at DESC, id`);
    return rows.map(toRecord);
  }

  /** Experiments that decide who sees which promotions now: running and paused ones. */
  async inForce(): Promise<ExperimentRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM promotions.experiments WHERE status IN ('running', 'paused') ORDER BY id`);
    return rows.map(toRecord);
  }

  /** The variants these visitors were first exposed to, per experiment id (sticky assignment). */
  async exposuresOf(visitorId: string, experiments: Array<{ id: string; phase: number }>): Promise<Map<string, string>> {
    if (experiments.length === 0) return new Map();
    const rows: Array<{ experiment_id: string; variant_key: string }> = await this.txHost.tx.query(
      `SELECT e.experiment_id, e.variant_key FROM promotions.experiment_exposures e
         JOIN unnest($2::uuid[], $3::int[]) AS x(id, phase) ON x.id = e.experiment_id AND x.phase = e.phase
        WHERE e.visitor_id = $1`,
      [visitorId, experiments.map((x) => x.id), experiments.map((x) => x.phase)],
    );
    return new Map(rows.map((r) => [r.experiment_id, r.variant_key]));
  }

  /** Records a first exposure; returns the variant that stands (an earlier exposure wins). */
  async expose(experimentId: string, phase: number, visitorId: string, variantKey: string, at: Date): Promise<{ variantKey: string; first: boolean }> {
    const inserted = rowsOf(
      await this.txHost.tx.query(
        `INSERT INTO promotions.experiment_exposures (experiment_id, phase, visitor_id, variant_key, exposed_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING variant_key`,
        [experimentId, phase, visitorId, variantKey, at],
      ),
    );
    if (inserted.length === 1) return { variantKey, first: true };
    const [row]: Array<{ variant_key: string }> = await this.txHost.tx.query(
      `SELECT variant_key FROM promotions.experiment_exposures WHERE experiment_id = $1 AND phase = $2 AND visitor_id = $3`,
      [experimentId, phase, visitorId],
    );
    return { variantKey: row.variant_key, first: false };
  }

  /** Records a conversion once per order and experiment; false when it was recorded already. */
  async convert(c: { orderId: string; experimentId: string; phase: number; visitorId: string; variantKey: string; revenueMinor: number; at: Date }): Promise<boolean> {
    const rows = rowsOf(
      await this.txHost.tx.query(
        `INSERT INTO promotions.experiment_conversions (order_id, experiment_id, phase, visitor_id, variant_key, revenue_minor, converted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING order_id`,
        [c.orderId, c.experimentId, c.phase, c.visitorId, c.variantKey, c.revenueMinor, c.at],
      ),
    );
    return rows.length === 1;
  }

  /** Visitors (exposed), orders and revenue per variant of one phase. */
  async figures(experimentId: string, phase: number): Promise<VariantFigures[]> {
    const rows: Array<{ variant_key: string; visitors: number; converted: number; orders: number; revenue: number }> = await this.txHost.tx.query(
      `SELECT v.variant_key, coalesce(x.visitors, 0)::int AS visitors, coalesce(c.converted, 0)::int AS converted,
              coalesce(c.orders, 0)::int AS orders, coalesce(c.revenue, 0)::bigint AS revenue
         FROM (SELECT DISTINCT variant_key FROM promotions.experiment_exposures WHERE experiment_id = $1 AND phase = $2
               UNION SELECT DISTINCT variant_key FROM promotions.experiment_conversions WHERE experiment_id = $1 AND phase = $2) v
         LEFT JOIN (SELECT variant_key, count(*) AS visitors FROM promotions.experiment_exposures
                     WHERE experiment_id = $1 AND phase = $2 GROUP BY variant_key) x ON x.variant_key = v.variant_key
         LEFT JOIN (SELECT variant_key, count(DISTINCT visitor_id) AS converted, count(*) AS orders, sum(revenue_minor) AS revenue
                      FROM promotions.experiment_conversions
                     WHERE experiment_id = $1 AND phase = $2 GROUP BY variant_key) c ON c.variant_key = v.variant_key`,
      [experimentId, phase],
    );
    return rows.map((r) => ({ variantKey: r.variant_key, visitors: r.visitors, convertedVisitors: r.converted, orders: r.orders, revenueMinor: Number(r.revenue) }));
  }
}
