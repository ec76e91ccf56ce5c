import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: the e-mail outbox. An event subscriber writes a row in its transaction; a schedule
 * renders and sends due rows after commit, with retries. A row holds what to send and to whom, never
 * a card key nor a rendered body (the keys are fetched from orders at send time and forgotten).
 */
export class NotificationsMail1795559000000 implements MigrationInterface {
  name = 'NotificationsMail1795559000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS notifications`);
    await q.query(`
      CREATE TABLE notifications.emails (
        id uuid PRIMARY KEY,
        audience text NOT NULL CHECK (audience IN ('buyer', 'merchant')),
        kind text NOT NULL CHECK (kind IN (
          'buyer_order_delivered', 'buyer_order_refunded',
          'alert_stock_low', 'alert_order_awaiting_stock', 'alert_payment_mismatch',
          'alert_dead_letter', 'alert_channel_breaker_opened', 'alert_sla_breached')),
        -- The order a buyer's mail is about (never null for them); alerts about orders name none.
        order_id uuid CHECK (audience <> 'buyer' OR order_id IS NOT NULL),
        -- Alerts of one kind with the same key collapse into one mail (goods, channel, subscriber, ...).
        collapse_key text CHECK (audience <> 'merchant' OR collapse_key IS NOT NULL),
        recipients text[] NOT NULL CHECK (cardinality(recipients) > 0),
        language text NOT NULL CHECK (language IN ('zh', 'en')),
        -- Facts to render with: the refunded amount, the alert's events. Never keys, never a body.
        data jsonb NOT NULL DEFAULT '{}',
        -- Events gathered into this alert (1 for a buyer's mail).
        occurrences integer NOT NULL DEFAULT 1 CHECK (occurrences > 0),
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
        -- Attempts begun (counted when a sender claims the row).
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        -- When the row was first due: merchant alerts of one key are at least a window apart.
        scheduled_for timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        -- A sender holds a 'sending' row until then; past it, another sender takes the row over.
        lease_until timestamptz CHECK (status <> 'sending' OR lease_until IS NOT NULL),
        last_error text,
        -- Bumped when a sent mail is sent again on request: the Message-ID changes with it.
        generation integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
        message_id text NOT NULL,
        smtp_response text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    // A redelivered or republished event never queues a buyer's mail twice.
    await q.query(`CREATE UNIQUE INDEX emails_buyer_once_per_order ON notifications.emails (kind, order_id) WHERE audience = 'buyer'`);
    await q.query(`CREATE INDEX emails_due ON notifications.emails (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX emails_leased ON notifications.emails (lease_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX emails_alert_key ON notifications.emails (kind, collapse_key, scheduled_for DESC) WHERE audience = 'merchant'`);
    await q.query(`CREATE INDEX emails_by_status ON notifications.emails (status, created_at DESC)`);
    await q.query(`CREATE INDEX emails_by_order ON notifications.emails (order_id) WHERE order_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.emails`);
    await q.query(`DROP SCHEMA IF EXISTS notifications RESTRICT`);
  }
}
