import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payment gateway: channels (with sealed credentials), payments, every create attempt (the
 * channels' health figures), provider callbacks (the inbox that makes each one count once),
 * refunds, and the built-in sandbox provider's own ledger (what "the provider" knows).
 */
export class PaymentsGateway1795552000000 implements MigrationInterface {
  name = 'PaymentsGateway1795552000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payments.channels (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
        provider text NOT NULL,
        display_name text NOT NULL,
        enabled boolean NOT NULL,
        priority integer NOT NULL,
        currency char(3) NOT NULL,
        min_amount_minor bigint NOT NULL CHECK (min_amount_minor >= 1),
        max_amount_minor bigint CHECK (max_amount_minor IS NULL OR max_amount_minor >= min_amount_minor),
        fee_bps integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
        fee_fixed_minor bigint NOT NULL CHECK (fee_fixed_minor >= 0),
        -- AES-256-GCM under a key derived from the master key named in credentials_key_id.
        credentials_sealed bytea NOT NULL,
        credentials_key_id text NOT NULL,
        -- Names only (never values), so the admin sees which fields are set without a decrypt.
        credential_fields text[] NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX channels_routing_idx ON payments.channels (currency, priority) WHERE enabled`);

    await q.query(`
      CREATE TABLE payments.payments (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        order_no text NOT NULL,
        channel text NOT NULL,
        provider_ref text,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        fee_minor bigint NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'expired')),
        provider_txn_id text,
        settled_by text CHECK (settled_by IN ('callback', 'reconciliation', 'manual')),
        pay_url text,
        qr_content text,
        refunded_amount_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_amount_minor >= 0 AND refunded_amount_minor <= amount_minor),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        succeeded_at timestamptz,
        closed_at timestamptz,
        -- When reconciliation last asked the provider: the least recently asked go first.
        reconciled_at timestamptz,
        CONSTRAINT payments_settled_ck CHECK ((status IN ('succeeded', 'refunded')) = (succeeded_at IS NOT NULL AND provider_txn_id IS NOT NULL))
      )`);
    // A provider's transaction settles at most one payment of a channel.
    await q.query(`CREATE UNIQUE INDEX payments_txn_uq ON payments.payments (channel, provider_txn_id) WHERE provider_txn_id IS NOT NULL`);
    await q.query(`CREATE INDEX payments_order_idx ON payments.payments (order_id, created_at)`);
    await q.query(`CREATE INDEX payments_open_idx ON payments.payments (created_at) WHERE status IN ('pending', 'expired')`);

    await q.query(`
      CREATE TABLE payments.channel_attempts (
        id bigserial PRIMARY KEY,
        channel_id uuid NOT NULL,
        channel text NOT NULL,
        payment_id uuid NOT NULL,
        -- rejected: the channel's breaker was open, the provider was not called.
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'timeout', 'rejected')),
        latency_ms integer NOT NULL,
        error text,
        attempted_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX channel_attempts_recent_idx ON payments.channel_attempts (channel_id, attempted_at DESC)`);
    await q.query(`CREATE INDEX channel_attempts_payment_idx ON payments.channel_attempts (payment_id)`);

    await q.query(`
      CREATE TABLE payments.callbacks (
        id uuid PRIMARY KEY,
        channel text NOT NULL,
        provider_txn_id text NOT NULL,
        reported_status text NOT NULL CHECK (reported_status IN ('succeeded', 'failed')),
        payment_id uuid NOT NULL,
        amount_minor bigint NOT NULL,
        currency text NOT NULL,
        state text NOT NULL CHECK (state IN ('received', 'settled', 'duplicate', 'applied', 'ignored', 'mismatch', 'conflict', 'unmatched')),
        detail jsonb,
        received_at timestamptz NOT NULL,
        processed_at timestamptz,
        -- The same notification again is the same row; a failure and a later success of one transaction are two.
        UNIQUE (channel, provider_txn_id, reported_status)
      )`);
    await q.query(`CREATE INDEX callbacks_state_idx ON payments.callbacks (state, received_at)`);
    await q.query(`CREATE INDEX callbacks_payment_idx ON payments.callbacks (payment_id)`);

    await q.query(`
      CREATE TABLE payments.refunds (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES payments.payments (id),
        request_no integer NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        outcome text NOT NULL CHECK (outcome IN ('refunded', 'flagged')),
        provider_refund_id text,
        reason text NOT NULL,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolution text,
        UNIQUE (payment_id, request_no)
      )`);
    await q.query(`CREATE INDEX refunds_flagged_idx ON payments.refunds (created_at) WHERE outcome = 'flagged' AND resolved_at IS NULL`);

    // The sandbox provider's side: what a real provider would keep in its own systems.
    await q.query(`
      CREATE TABLE payments.sandbox_transactions (
        provider_ref text PRIMARY KEY,
        channel text NOT NULL,
        payment_id uuid NOT NULL,
        order_no text NOT NULL,
        subject text NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('unpaid', 'paid', 'closed')),
        txn_id text UNIQUE,
        refunded_minor bigint NOT NULL DEFAULT 0,
        return_url text,
        created_at timestamptz NOT NULL,
        paid_at timestamptz,
        UNIQUE (channel, payment_id)
      )`);
    await q.query(`
      CREATE TABLE payments.sandbox_refunds (
        request_id text PRIMARY KEY,
        provider_ref text NOT NULL REFERENCES payments.sandbox_transactions (provider_ref),
        refund_id text NOT NULL,
        amount_minor bigint NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sandbox_refunds', 'sandbox_transactions', 'refunds', 'callbacks', 'channel_attempts', 'payments', 'channels']) {
      await q.query(`DROP TABLE IF EXISTS payments.${table}`);
    }
  }
}
