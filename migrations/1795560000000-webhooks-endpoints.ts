import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: the merchant's endpoints (URL, chosen events, the signing secret sealed by the
 * platform SecretBox), one delivery per (event, endpoint), and every attempt at sending it. Card
 * keys are never stored here: a key-bearing delivery fetches them when it is sent.
 */
export class WebhooksEndpoints1795560000000 implements MigrationInterface {
  name = 'WebhooksEndpoints1795560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS webhooks`);
    await q.query(`
      CREATE TABLE webhooks.endpoints (
        id uuid PRIMARY KEY,
        url text NOT NULL CHECK (length(url) <= 2000),
        description text,
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        include_keys boolean NOT NULL,
        active boolean NOT NULL,
        -- The signing secret, sealed (SecretBox, purpose webhooks/endpoint-secret, owner = id).
        secret_key_id text NOT NULL,
        secret_sealed bytea NOT NULL,
        secret_rotated_at timestamptz NOT NULL,
        -- After a rotation with a grace period, the old secret still signs until it expires.
        previous_secret_key_id text,
        previous_secret_sealed bytea,
        previous_secret_expires_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        -- Deleted endpoints are kept (their deliveries and attempts stay readable) but never used.
        deleted_at timestamptz,
        CONSTRAINT endpoints_previous_secret_ck CHECK (
          (previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL)
          AND (previous_secret_sealed IS NULL) = (previous_secret_key_id IS NULL))
      )`);
    await q.query(`CREATE INDEX endpoints_events ON webhooks.endpoints USING gin (events) WHERE active AND deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE webhooks.deliveries (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhooks.endpoints (id),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        event_version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        -- The event's fields as published (never card keys).
        data jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
        -- 1 for the first series of attempts, +1 for each resend.
        series integer NOT NULL CHECK (series >= 1),
        series_attempts integer NOT NULL CHECK (series_attempts >= 0),
        total_attempts integer NOT NULL CHECK (total_attempts >= series_attempts),
        next_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz,
        CONSTRAINT deliveries_once_per_endpoint UNIQUE (event_id, endpoint_id)
      )`);
    await q.query(`CREATE INDEX deliveries_endpoint ON webhooks.deliveries (endpoint_id, created_at DESC)`);
    await q.query(`CREATE INDEX deliveries_status ON webhooks.deliveries (status, created_at DESC)`);
    await q.query(`CREATE INDEX deliveries_due ON webhooks.deliveries (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE webhooks.delivery_attempts (
        id uuid PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhooks.deliveries (id),
        series integer NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        at timestamptz NOT NULL,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'http_error', 'timeout', 'network_error', 'refused')),
        status_code integer,
        error text CHECK (length(error) <= 500),
        -- The start of the receiver's answer, for debugging; never kept for a request that carried keys.
        response_snippet text CHECK (length(response_snippet) <= 1000),
        carried_keys boolean NOT NULL,
        CONSTRAINT delivery_attempts_once UNIQUE (delivery_id, series, attempt),
        CONSTRAINT delivery_attempts_no_key_echo CHECK (NOT (carried_keys AND response_snippet IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhooks.delivery_attempts, webhooks.deliveries, webhooks.endpoints`);
    await q.query(`DROP SCHEMA IF EXISTS webhooks`);
  }
}
