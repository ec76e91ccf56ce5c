import { MigrationInterface, QueryRunner } from 'typeorm';

/** The card-key vault: import batches, encrypted keys, reservations, sales, partners. */
export class CardKeysVault1795551000000 implements MigrationInterface {
  name = 'CardKeysVault1795551000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE card_keys.goods_settings (
        goods_id uuid PRIMARY KEY,
        reusable boolean NOT NULL DEFAULT false,
        low_stock_threshold integer NOT NULL DEFAULT 10 CHECK (low_stock_threshold >= 0),
        low_stock_reported boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE card_keys.batches (
        id uuid PRIMARY KEY,
        goods_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('text', 'file', 'json')),
        status text NOT NULL CHECK (status IN ('uploading', 'queued', 'running', 'completed', 'failed')),
        master_key_id text NOT NULL,
        wrapped_data_key bytea NOT NULL,
        lines_received integer NOT NULL DEFAULT 0,
        imported integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        invalid integer NOT NULL DEFAULT 0,
        invalid_samples jsonb NOT NULL DEFAULT '[]',
        error text,
        created_by text,
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX batches_goods_idx ON card_keys.batches (goods_id, created_at DESC)`);
    await q.query(`CREATE INDEX batches_master_key_idx ON card_keys.batches (master_key_id)`);

    // Uploaded lines wait here, sealed with the batch's data key, until the import job takes them.
    await q.query(`
      CREATE TABLE card_keys.import_chunks (
        batch_id uuid NOT NULL REFERENCES card_keys.batches (id),
        seq integer NOT NULL,
        first_line integer NOT NULL,
        sealed_lines bytea NOT NULL,
        PRIMARY KEY (batch_id, seq)
      )`);

    await q.query(`
      CREATE TABLE card_keys.keys (
        id uuid PRIMARY KEY,
        goods_id uuid NOT NULL,
        batch_id uuid NOT NULL REFERENCES card_keys.batches (id),
        blind_index bytea NOT NULL,
        sealed_secret bytea NOT NULL,
        mask text NOT NULL,
        status text NOT NULL CHECK (status IN ('available', 'reserved', 'sold', 'defective', 'void')),
        reserved_order_id uuid,
        reserved_line_id text,
        reserved_until timestamptz,
        created_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        CONSTRAINT keys_reservation_ck CHECK ((status = 'reserved') = (reserved_order_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX keys_goods_blind_index_uq ON card_keys.keys (goods_id, blind_index)`);
    await q.query(`CREATE INDEX keys_reserved_idx ON card_keys.keys (reserved_until) WHERE status = 'reserved'`);
    await q.query(`CREATE INDEX keys_reserved_for_idx ON card_keys.keys (reserved_order_id, reserved_line_id) WHERE status = 'reserved'`);
    // One index serves allocation (available keys of a goods item, oldest first, read in index
    // order so LIMIT stops early whatever the statistics say), stock counts and the admin listing
    // (read backwards). A partial index on status = 'available' was measured to lose to a sort
    // when statistics were missing, so there is deliberately no second index to choose from.
    await q.query(`CREATE INDEX keys_goods_status_idx ON card_keys.keys (goods_id, status, created_at, id)`);

    await q.query(`
      CREATE TABLE card_keys.reservations (
        order_id uuid NOT NULL,
        line_id text NOT NULL,
        goods_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'released', 'delivered', 'lapsed')),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, line_id)
      )`);
    await q.query(`CREATE INDEX reservations_active_idx ON card_keys.reservations (expires_at) WHERE status = 'active'`);

    // One row per delivered order line: taking it first makes delivery exactly-once.
    await q.query(`
      CREATE TABLE card_keys.line_deliveries (
        order_id uuid NOT NULL,
        line_id text NOT NULL,
        goods_id uuid NOT NULL,
        quantity integer NOT NULL,
        delivered_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, line_id)
      )`);

    await q.query(`
      CREATE TABLE card_keys.sales (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        line_id text NOT NULL,
        key_id uuid NOT NULL REFERENCES card_keys.keys (id),
        goods_id uuid NOT NULL,
        position integer NOT NULL,
        sold_at timestamptz NOT NULL,
        replaced_at timestamptz,
        replaces_sale_id uuid REFERENCES card_keys.sales (id)
      )`);
    await q.query(`CREATE INDEX sales_order_idx ON card_keys.sales (order_id, line_id, position)`);
    await q.query(`CREATE INDEX sales_key_idx ON card_keys.sales (key_id)`);

    await q.query(`
      CREATE TABLE card_keys.partners (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        rate_limit_per_minute integer NOT NULL DEFAULT 120 CHECK (rate_limit_per_minute > 0),
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE card_keys.partner_api_keys (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES card_keys.partners (id),
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE card_keys.partner_scopes (
        partner_id uuid NOT NULL REFERENCES card_keys.partners (id),
        goods_id uuid NOT NULL,
        quota integer NOT NULL CHECK (quota >= 0),
        claimed integer NOT NULL DEFAULT 0 CHECK (claimed >= 0 AND claimed <= quota),
        PRIMARY KEY (partner_id, goods_id)
      )`);
    await q.query(`
      CREATE TABLE card_keys.partner_claims (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES card_keys.partners (id),
        external_ref text NOT NULL,
        goods_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        created_at timestamptz NOT NULL,
        UNIQUE (partner_id, external_ref)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'partner_claims',
      'partner_scopes',
      'partner_api_keys',
      'partners',
      'sales',
      'line_deliveries',
      'reservations',
      'keys',
      'import_chunks',
      'batches',
      'goods_settings',
    ]) {
      await q.query(`DROP TABLE IF EXISTS card_keys.${table}`);
    }
  }
}
