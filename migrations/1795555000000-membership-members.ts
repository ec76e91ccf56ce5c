import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Membership: members (credentials, points, lifetime spend, stored level), member levels and the
 * revision counter that tells which members' stored level predates a level edit, refresh tokens
 * (hashed, in rotation families), the append-only points ledger, and partner links with the
 * partner assertions already used.
 */
export class MembershipMembers1795555000000 implements MigrationInterface {
  name = 'MembershipMembers1795555000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE membership.levels (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        threshold_kind text NOT NULL CHECK (threshold_kind IN ('spend', 'points')),
        threshold bigint NOT NULL CHECK (threshold >= 0),
        discount_percent integer NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
        benefits text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX levels_name ON membership.levels (lower(name))`);
    // One row: bumped by every level edit; a member whose levels_revision is lower is recalculated.
    await q.query(`
      CREATE TABLE membership.level_revision (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision bigint NOT NULL
      )`);
    await q.query(`INSERT INTO membership.level_revision (singleton, revision) VALUES (true, 0)`);

    await q.query(`
      CREATE TABLE membership.members (
        id uuid PRIMARY KEY,
        -- Normalised (trimmed, lower-case): the unique index is the one-account-per-address rule.
        email text NOT NULL UNIQUE CHECK (email = lower(btrim(email))),
        -- A partner created the member without a usable address (<partner>-<sub>@partner.invalid).
        email_is_placeholder boolean NOT NULL DEFAULT false,
        -- scrypt$N$r$p$salt$hash; null for members who sign in only through a partner.
        password_hash text,
        display_name text,
        points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
        lifetime_spend_minor bigint NOT NULL DEFAULT 0 CHECK (lifetime_spend_minor >= 0),
        -- The level last announced (MemberLevelChangedV1); reads compute the live level from the levels.
        level_id uuid REFERENCES membership.levels (id),
        levels_revision bigint NOT NULL,
        referral_code text,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX members_email_prefix ON membership.members (email text_pattern_ops)`);
    await q.query(`CREATE INDEX members_levels_revision ON membership.members (levels_revision)`);
    await q.query(`CREATE INDEX members_level ON membership.members (level_id) WHERE level_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE membership.refresh_tokens (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES membership.members (id),
        -- Every token rotated from one sign-in shares a family; reuse of a spent one revokes it all.
        family_id uuid NOT NULL,
        token_digest bytea NOT NULL UNIQUE CHECK (length(token_digest) = 32),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('signed_out', 'reused', 'password_changed'))
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family ON membership.refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_member ON membership.refresh_tokens (member_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX refresh_tokens_expiry ON membership.refresh_tokens (expires_at)`);

    await q.query(`
      CREATE TABLE membership.points_ledger (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES membership.members (id),
        order_id uuid NOT NULL,
        order_no text NOT NULL,
        -- The integration event that caused the row: a redelivery cannot add a second one.
        event_id uuid NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('earn', 'revoke')),
        -- What the event said was paid or refunded.
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency text NOT NULL,
        -- Points per 100 minor units when the order was paid (refunds use the order's rate).
        rate integer NOT NULL CHECK (rate >= 0),
        -- Signed changes to the member: earn rows add, revoke rows take back.
        points bigint NOT NULL,
        spend_minor bigint NOT NULL,
        at timestamptz NOT NULL,
        CHECK ((kind = 'earn' AND points >= 0 AND spend_minor >= 0) OR (kind = 'revoke' AND points <= 0 AND spend_minor <= 0))
      )`);
    await q.query(`CREATE UNIQUE INDEX points_ledger_one_earn ON membership.points_ledger (order_id) WHERE kind = 'earn'`);
    await q.query(`CREATE INDEX points_ledger_order ON membership.points_ledger (order_id)`);
    await q.query(`CREATE INDEX points_ledger_member ON membership.points_ledger (member_id, at DESC)`);
    // Append-only: a correction is a new row, never an edit.
    await q.query(`
      CREATE FUNCTION membership.points_ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'membership.points_ledger is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON membership.points_ledger
        FOR EACH ROW EXECUTE FUNCTION membership.points_ledger_is_append_only()`);

    await q.query(`
      CREATE TABLE membership.partner_links (
        partner text NOT NULL,
        subject text NOT NULL,
        member_id uuid NOT NULL REFERENCES membership.members (id),
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (partner, subject)
      )`);
    await q.query(`CREATE INDEX partner_links_member ON membership.partner_links (member_id)`);
    // Assertions already accepted, until they expire: one assertion signs in once.
    await q.query(`
      CREATE TABLE membership.used_partner_assertions (
        digest bytea PRIMARY KEY,
        partner text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX used_partner_assertions_expiry ON membership.used_partner_assertions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE membership.used_partner_assertions, membership.partner_links`);
    await q.query(`DROP TABLE membership.points_ledger`);
    await q.query(`DROP FUNCTION membership.points_ledger_is_append_only()`);
    await q.query(`DROP TABLE membership.refresh_tokens, membership.members, membership.level_revision, membership.levels`);
  }
}
