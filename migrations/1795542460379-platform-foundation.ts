import { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMAS = ['platform', 'goods', 'orders', 'payments', 'card_keys', 'membership', 'promotions', 'support', 'referrals'];

/**
 * The schemas of every module and the shared plumbing in `platform`: the event outbox, the
 * subscriber inbox, dead letters, idempotency records, admin accounts and the audit log.
 */
export class PlatformFoundation1795542460379 implements MigrationInterface {
  name = 'PlatformFoundation1795542460379';

  async up(q: QueryRunner): Promise<void> {
    for (const schema of SCHEMAS) {
      await q.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    }

    await q.query(`
      CREATE TABLE platform.outbox (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        type text NOT NULL,
        version integer NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        request_id text,
        relayed_at timestamptz
      )`);
    // The relay only ever scans what is not relayed yet; this keeps that scan small forever.
    await q.query(`CREATE INDEX outbox_unrelayed_idx ON platform.outbox (seq) WHERE relayed_at IS NULL`);

    await q.query(`
      CREATE TABLE platform.inbox (
        event_id uuid NOT NULL,
        subscriber text NOT NULL,
        processed_at timestamptz NOT NULL,
        PRIMARY KEY (event_id, subscriber)
      )`);

    await q.query(`
      CREATE TABLE platform.dead_letters (
        event_id uuid NOT NULL,
        subscriber text NOT NULL,
        event_type text NOT NULL,
        queue text NOT NULL,
        attempts integer NOT NULL,
        last_error text NOT NULL,
        failed_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('dead', 'redriven')),
        redrive_count integer NOT NULL DEFAULT 0,
        redriven_at timestamptz,
        redriven_by text,
        PRIMARY KEY (event_id, subscriber)
      )`);
    await q.query(`CREATE INDEX dead_letters_status_idx ON platform.dead_letters (status, failed_at DESC)`);

    await q.query(`
      CREATE TABLE platform.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry_idx ON platform.idempotency_keys (expires_at)`);

    await q.query(`
      CREATE TABLE platform.admin_users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text,
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX admin_users_email_uq ON platform.admin_users (lower(email))`);

    await q.query(`
      CREATE TABLE platform.admin_tokens (
        id uuid PRIMARY KEY,
        admin_user_id uuid NOT NULL REFERENCES platform.admin_users (id),
        token_hash text NOT NULL UNIQUE,
        label text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE platform.audit_log (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_type text NOT NULL,
        actor_id text,
        actor_label text,
        action text NOT NULL,
        target_type text,
        target_id text,
        reason text,
        details jsonb,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_log_target_idx ON platform.audit_log (target_type, target_id, at DESC)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON platform.audit_log (at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'admin_tokens',
      'admin_users',
      'idempotency_keys',
      'dead_letters',
      'inbox',
      'outbox',
    ]) {
      await q.query(`DROP TABLE IF EXISTS platform.${table}`);
    }
    // Module schemas are dropped only when empty, so a revert never destroys a module's data.
    for (const schema of [...SCHEMAS].reverse()) {
      await q.query(`DROP SCHEMA IF EXISTS "${schema}" RESTRICT`);
    }
  }
}
