import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The goods catalogue: categories, goods and the change history of goods. The storefront reads
 * only on-sale, non-archived goods by sort order and title, so its indexes are partial on exactly
 * that predicate; title search (ILIKE '%text%') is served by a trigram index.
 */
export class GoodsCatalogue1795550000000 implements MigrationInterface {
  name = 'GoodsCatalogue1795550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE goods.categories (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
        sort_order integer NOT NULL DEFAULT 0,
        visible boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX categories_slug_uq ON goods.categories (slug)`);
    await q.query(`CREATE INDEX categories_visible_idx ON goods.categories (sort_order, name, id) WHERE visible`);

    await q.query(`
      CREATE TABLE goods.goods (
        id uuid PRIMARY KEY,
        category_id uuid NOT NULL REFERENCES goods.categories (id),
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        price_minor bigint NOT NULL CHECK (price_minor >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        on_sale boolean NOT NULL DEFAULT false,
        delivery_type text NOT NULL CHECK (delivery_type IN ('auto', 'manual')),
        min_per_order integer NOT NULL DEFAULT 1 CHECK (min_per_order >= 1),
        max_per_order integer,
        wholesale_tiers jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(wholesale_tiers) = 'array'),
        buyer_fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(buyer_fields) = 'array'),
        sort_order integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        archived_at timestamptz,
        CONSTRAINT goods_per_order_ck CHECK (max_per_order IS NULL OR max_per_order >= min_per_order),
        CONSTRAINT goods_buyer_fields_manual_ck CHECK (delivery_type = 'manual' OR buyer_fields = '[]'::jsonb),
        CONSTRAINT goods_archived_off_sale_ck CHECK (archived_at IS NULL OR NOT on_sale)
      )`);
    // The storefront listing, with and without a category filter.
    await q.query(`
      CREATE INDEX goods_storefront_idx ON goods.goods (sort_order, title, id)
        WHERE on_sale AND archived_at IS NULL`);
    await q.query(`
      CREATE INDEX goods_storefront_category_idx ON goods.goods (category_id, sort_order, title, id)
        WHERE on_sale AND archived_at IS NULL`);
    // Admin filters, and the foreign-key check when a category is deleted.
    await q.query(`CREATE INDEX goods_category_idx ON goods.goods (category_id, sort_order, title)`);
    await q.query(`CREATE INDEX goods_title_trgm_idx ON goods.goods USING gin (title gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE goods.goods_history (
        id uuid PRIMARY KEY,
        goods_id uuid NOT NULL REFERENCES goods.goods (id),
        version integer NOT NULL,
        action text NOT NULL CHECK (action IN ('created', 'updated', 'sale-status-changed', 'archived', 'restored')),
        actor_type text NOT NULL,
        actor_id text,
        actor_label text,
        reason text,
        request_id text,
        at timestamptz NOT NULL,
        changes jsonb NOT NULL,
        CONSTRAINT goods_history_version_uq UNIQUE (goods_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    // pg_trgm stays: other schemas may use it by now.
    for (const table of ['goods_history', 'goods', 'categories']) {
      await q.query(`DROP TABLE IF EXISTS goods.${table}`);
    }
  }
}
