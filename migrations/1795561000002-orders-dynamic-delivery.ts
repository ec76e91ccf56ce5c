import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dynamic delivery, orders side: the status `awaiting_dynamic_delivery` (paid, the merchant is
 * being asked for the items), the delivery of each such order (its stable request id, the current
 * round of attempts, the last error) and every call made to the merchant.
 *
 * No foreign key to orders.orders: test and maintenance scripts truncate orders.orders alone, and
 * a row here without its order is harmless (the worker reads the order first).
 */
export class OrdersDynamicDelivery1795561000002 implements MigrationInterface {
  name = 'OrdersDynamicDelivery1795561000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_status_check`);
    await q.query(`
      ALTER TABLE orders.orders ADD CONSTRAINT orders_status_check CHECK (status IN (
        'pending_payment', 'paid', 'delivered', 'paid_awaiting_stock', 'awaiting_dynamic_delivery', 'expired', 'cancelled', 'refunded'))`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_delivery_type_check`);
    await q.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_delivery_type_check CHECK (delivery_type IN ('auto', 'manual', 'dynamic'))`);

    await q.query(`
      CREATE TABLE orders.dynamic_deliveries (
        order_id uuid PRIMARY KEY,
        request_id uuid NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('pending', 'failed', 'delivered', 'abandoned')),
        round integer NOT NULL DEFAULT 1 CHECK (round >= 1),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        last_attempt_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        delivered_at timestamptz
      )`);
    // The sweep that re-queues deliveries whose job was lost reads only pending ones.
    await q.query(`CREATE INDEX dynamic_deliveries_pending_idx ON orders.dynamic_deliveries (updated_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE orders.dynamic_delivery_attempts (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL,
        round integer NOT NULL,
        attempt integer NOT NULL,
        at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
        http_status integer,
        duration_ms integer NOT NULL,
        error text
      )`);
    await q.query(`CREATE INDEX dynamic_delivery_attempts_order_idx ON orders.dynamic_delivery_attempts (order_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.dynamic_delivery_attempts`);
    await q.query(`DROP TABLE IF EXISTS orders.dynamic_deliveries`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_delivery_type_check`);
    await q.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_delivery_type_check CHECK (delivery_type IN ('auto', 'manual'))`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_status_check`);
    await q.query(`
      ALTER TABLE orders.orders ADD CONSTRAINT orders_status_check CHECK (status IN (
        'pending_payment', 'paid', 'delivered', 'paid_awaiting_stock', 'expired', 'cancelled', 'refunded'))`);
  }
}
