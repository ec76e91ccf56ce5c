import { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders (one goods line each), their status history, and duplicate payments. */
export class OrdersEngine1795553000000 implements MigrationInterface {
  name = 'OrdersEngine1795553000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.orders (
        id uuid PRIMARY KEY,
        order_no text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('pending_payment', 'paid', 'delivered', 'paid_awaiting_stock', 'expired', 'cancelled', 'refunded')),
        goods_id uuid NOT NULL,
        goods_title text NOT NULL,
        goods_version integer NOT NULL,
        delivery_type text NOT NULL CHECK (delivery_type IN ('auto', 'manual')),
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        subtotal_minor bigint NOT NULL CHECK (subtotal_minor >= 0),
        adjustment_minor bigint NOT NULL CHECK (adjustment_minor <= 0),
        total_minor bigint NOT NULL CHECK (total_minor >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        adjustments jsonb NOT NULL DEFAULT '[]',
        promotion_note text,
        contact text NOT NULL,
        query_password_hash text NOT NULL,
        member_id uuid,
        buyer_inputs jsonb NOT NULL DEFAULT '{}',
        payment_id uuid,
        payment_channel text,
        pay_url text,
        qr_content text,
        paid_payment_id uuid,
        paid_amount_minor bigint,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        paid_at timestamptz,
        delivered_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX orders_pending_expiry_idx ON orders.orders (expires_at) WHERE status = 'pending_payment'`);
    await q.query(`CREATE INDEX orders_awaiting_stock_idx ON orders.orders (goods_id, paid_at) WHERE status = 'paid_awaiting_stock'`);
    await q.query(`CREATE INDEX orders_status_created_idx ON orders.orders (status, created_at DESC)`);
    await q.query(`CREATE INDEX orders_created_idx ON orders.orders (created_at DESC)`);
    await q.query(`CREATE INDEX orders_contact_idx ON orders.orders (lower(contact), created_at DESC)`);
    await q.query(`CREATE INDEX orders_member_idx ON orders.orders (member_id, created_at DESC) WHERE member_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE orders.order_transitions (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders.orders (id),
        from_status text,
        to_status text NOT NULL,
        action text NOT NULL,
        reason text,
        actor text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX order_transitions_order_idx ON orders.order_transitions (order_id, id)`);

    await q.query(`
      CREATE TABLE orders.duplicate_payments (
        payment_id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders.orders (id),
        amount_minor bigint NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('refunded', 'flagged')),
        at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.duplicate_payments`);
    await q.query(`DROP TABLE IF EXISTS orders.order_transitions`);
    await q.query(`DROP TABLE IF EXISTS orders.orders`);
  }
}
