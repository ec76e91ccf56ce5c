import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promotions: activities (满减, 阶梯, flash sales, Nth item, member price), coupons, the holds an
 * order takes on them (coupon use, flash-sale units) until it is paid or closed, and A/B
 * experiments with their sticky assignments, exposures and conversions.
 */
export class PromotionsCampaigns1795554000000 implements MigrationInterface {
  name = 'PromotionsCampaigns1795554000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE promotions.activities (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('full_reduction', 'tiered_quantity', 'flash_sale', 'nth_item', 'member_price')),
        scope jsonb NOT NULL,
        rule jsonb NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        active boolean NOT NULL,
        -- Flash sales: units held by unpaid orders or sold; never above the rule's quantityLimit.
        flash_units_taken integer NOT NULL DEFAULT 0 CHECK (flash_units_taken >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX activities_live ON promotions.activities (ends_at) WHERE active`);

    await q.query(`
      CREATE TABLE promotions.coupons (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{3,40}$'),
        name text NOT NULL,
        batch_id uuid,
        scope jsonb NOT NULL,
        rule jsonb NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        active boolean NOT NULL,
        total_limit integer CHECK (total_limit > 0),
        per_buyer_limit integer CHECK (per_buyer_limit > 0),
        -- Uses held by unpaid orders plus uses consumed by paid ones.
        uses_taken integer NOT NULL DEFAULT 0 CHECK (uses_taken >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX coupons_batch ON promotions.coupons (batch_id) WHERE batch_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE promotions.holds (
        order_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('held', 'consumed', 'released', 'refunded')),
        buyer_key text,
        coupon_id uuid REFERENCES promotions.coupons (id),
        flash_units jsonb NOT NULL DEFAULT '{}',
        adjustments jsonb NOT NULL DEFAULT '[]',
        assignments jsonb NOT NULL DEFAULT '[]',
        late boolean NOT NULL DEFAULT false,
        expires_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX holds_coupon_buyer ON promotions.holds (coupon_id, buyer_key) WHERE coupon_id IS NOT NULL`);
    await q.query(`CREATE INDEX holds_stale ON promotions.holds (expires_at) WHERE status = 'held'`);
    await q.query(`
      CREATE TABLE promotions.flash_sale_units (
        order_id uuid NOT NULL REFERENCES promotions.holds (order_id),
        activity_id uuid NOT NULL REFERENCES promotions.activities (id),
        buyer_key text NOT NULL,
        units integer NOT NULL CHECK (units > 0),
        PRIMARY KEY (order_id, activity_id)
      )`);
    await q.query(`CREATE INDEX flash_sale_units_buyer ON promotions.flash_sale_units (activity_id, buyer_key)`);

    await q.query(`
      CREATE TABLE promotions.experiments (
        id uuid PRIMARY KEY,
        key text NOT NULL UNIQUE,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'running', 'paused', 'stopped')),
        phase integer NOT NULL DEFAULT 1,
        coverage numeric NOT NULL CHECK (coverage > 0 AND coverage <= 1),
        variants jsonb NOT NULL,
        started_at timestamptz,
        stopped_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE promotions.experiment_exposures (
        experiment_id uuid NOT NULL REFERENCES promotions.experiments (id),
        phase integer NOT NULL,
        visitor_id text NOT NULL,
        variant_key text NOT NULL,
        exposed_at timestamptz NOT NULL,
        PRIMARY KEY (experiment_id, phase, visitor_id)
      )`);
    await q.query(`
      CREATE TABLE promotions.experiment_conversions (
        order_id uuid NOT NULL,
        experiment_id uuid NOT NULL REFERENCES promotions.experiments (id),
        phase integer NOT NULL,
        visitor_id text NOT NULL,
        variant_key text NOT NULL,
        revenue_minor bigint NOT NULL CHECK (revenue_minor >= 0),
        converted_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, experiment_id)
      )`);
    await q.query(`CREATE INDEX experiment_conversions_variant ON promotions.experiment_conversions (experiment_id, phase, variant_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE promotions.experiment_conversions, promotions.experiment_exposures, promotions.experiments,
      promotions.flash_sale_units, promotions.holds, promotions.coupons, promotions.activities`);
  }
}
