import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals (分销): every member's referral row (code, parent, grandparent, great-grandparent,
 * rank and team counters), the closure table of the tree (every ancestor of every member at every
 * depth), the settings and rates, ranks, the sales of members and the commissions they earn their
 * upline, the wallets with their append-only ledger, and withdrawals.
 */
export class ReferralsTree1795556000000 implements MigrationInterface {
  name = 'ReferralsTree1795556000000';

  async up(q: QueryRunner): Promise<void> {
    // One row: how many levels earn commission (never more than 3: China's distribution rules) and
    // the default rate of each level in basis points. Zero rates until finance sets them.
    await q.query(`
      CREATE TABLE referrals.settings (
        id smallint PRIMARY KEY CHECK (id = 1),
        levels smallint NOT NULL CHECK (levels BETWEEN 1 AND 3),
        rate_bps_by_level integer[] NOT NULL
          CHECK (cardinality(rate_bps_by_level) = levels AND 0 <= ALL (rate_bps_by_level) AND 10000 >= ALL (rate_bps_by_level)),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO referrals.settings (id, levels, rate_bps_by_level, updated_at) VALUES (1, 2, '{0,0}', now())`);

    await q.query(`
      CREATE TABLE referrals.goods_rates (
        goods_id uuid PRIMARY KEY,
        rate_bps_by_level integer[] NOT NULL
          CHECK (cardinality(rate_bps_by_level) BETWEEN 1 AND 3 AND 0 <= ALL (rate_bps_by_level) AND 10000 >= ALL (rate_bps_by_level)),
        updated_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE referrals.ranks (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        -- Higher is more senior: a member holds the most senior rank whose thresholds they meet.
        position integer NOT NULL UNIQUE CHECK (position >= 1),
        min_direct_members integer NOT NULL CHECK (min_direct_members >= 0),
        min_team_sales_minor bigint NOT NULL CHECK (min_team_sales_minor >= 0),
        rate_bps_by_level integer[] NOT NULL
          CHECK (cardinality(rate_bps_by_level) BETWEEN 1 AND 3 AND 0 <= ALL (rate_bps_by_level) AND 10000 >= ALL (rate_bps_by_level)),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);

    // The upline to depth 3 sits on the row, so finding who earns on a sale is one primary-key read;
    // the counters make team size and team sales O(1) for any team (kept in step on bind and sale).
    // grandparent_id and great_grandparent_id are copies of the closure table's depths 2 and 3 (the
    // tests check they agree) and carry no foreign key: one would need an index each only to let a
    // member row ever be deleted.
    await q.query(`
      CREATE TABLE referrals.members (
        member_id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-HJKMNP-Z2-9]{8}$'),
        parent_id uuid REFERENCES referrals.members (member_id),
        grandparent_id uuid,
        great_grandparent_id uuid,
        bound_at timestamptz,
        bound_via text CHECK (bound_via IN ('registration', 'member', 'admin')),
        rank_id uuid REFERENCES referrals.ranks (id),
        direct_count integer NOT NULL DEFAULT 0 CHECK (direct_count >= 0),
        team_size integer NOT NULL DEFAULT 0 CHECK (team_size >= 0),
        own_sales_minor bigint NOT NULL DEFAULT 0 CHECK (own_sales_minor >= 0),
        team_sales_minor bigint NOT NULL DEFAULT 0 CHECK (team_sales_minor >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (parent_id IS NULL OR parent_id <> member_id),
        CHECK ((parent_id IS NULL) = (bound_at IS NULL) AND (parent_id IS NULL) = (bound_via IS NULL)),
        CHECK (parent_id IS NOT NULL OR grandparent_id IS NULL),
        CHECK (grandparent_id IS NOT NULL OR great_grandparent_id IS NULL)
      )`);
    await q.query(`CREATE INDEX members_parent ON referrals.members (parent_id, bound_at) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX members_rank ON referrals.members (rank_id) WHERE rank_id IS NOT NULL`);

    // Closure table: one row per (member, ancestor at depth d), depth 0 being the member itself.
    // A member has exactly one ancestor at each depth, hence the key; the second index answers
    // "the team of X by level" and "everyone below X".
    await q.query(`
      CREATE TABLE referrals.tree_paths (
        descendant_id uuid NOT NULL REFERENCES referrals.members (member_id),
        depth integer NOT NULL CHECK (depth >= 0),
        ancestor_id uuid NOT NULL REFERENCES referrals.members (member_id),
        PRIMARY KEY (descendant_id, depth),
        CHECK ((depth = 0) = (ancestor_id = descendant_id))
      )`);
    await q.query(`CREATE INDEX tree_paths_team ON referrals.tree_paths (ancestor_id, depth, descendant_id)`);

    // A member's paid order; `counted` is false for orders in another currency than REFERRAL_CURRENCY
    // (kept, but they earn no commission and add nothing to team sales).
    await q.query(`
      CREATE TABLE referrals.sales (
        order_id uuid PRIMARY KEY,
        order_no text NOT NULL,
        buyer_id uuid NOT NULL REFERENCES referrals.members (member_id),
        goods_id uuid NOT NULL,
        paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
        refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor BETWEEN 0 AND paid_minor),
        currency text NOT NULL,
        counted boolean NOT NULL,
        paid_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sales_buyer ON referrals.sales (buyer_id)`);

    // What one upline member earns on one sale, with the upline and rate as they were when it was paid.
    await q.query(`
      CREATE TABLE referrals.commissions (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES referrals.sales (order_id),
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
        beneficiary_id uuid NOT NULL REFERENCES referrals.members (member_id),
        buyer_id uuid NOT NULL,
        goods_id uuid NOT NULL,
        base_minor bigint NOT NULL CHECK (base_minor > 0),
        rate_bps integer NOT NULL CHECK (rate_bps BETWEEN 1 AND 10000),
        rate_source text NOT NULL CHECK (rate_source IN ('default', 'goods', 'rank')),
        rank_id uuid,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        -- Taken back by refunds so far (cumulative, never above the amount).
        reversed_minor bigint NOT NULL DEFAULT 0 CHECK (reversed_minor BETWEEN 0 AND amount_minor),
        -- What reached the wallet when it settled.
        credited_minor bigint NOT NULL DEFAULT 0 CHECK (credited_minor BETWEEN 0 AND amount_minor),
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('frozen', 'settled', 'cancelled', 'clawed_back')),
        frozen_until timestamptz NOT NULL,
        settled_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (order_id, level)
      )`);
    await q.query(`CREATE INDEX commissions_due ON referrals.commissions (frozen_until) WHERE status = 'frozen'`);
    await q.query(`CREATE INDEX commissions_beneficiary ON referrals.commissions (beneficiary_id, status)`);

    // Debt is what a claw-back could not take because the balance was short; it is paid first by the
    // next credits, so a wallet never has both a balance and a debt.
    await q.query(`
      CREATE TABLE referrals.wallets (
        member_id uuid PRIMARY KEY REFERENCES referrals.members (member_id),
        currency text NOT NULL,
        balance_minor bigint NOT NULL DEFAULT 0 CHECK (balance_minor >= 0),
        debt_minor bigint NOT NULL DEFAULT 0 CHECK (debt_minor >= 0),
        updated_at timestamptz NOT NULL,
        CHECK (balance_minor = 0 OR debt_minor = 0)
      )`);
    await q.query(`
      CREATE TABLE referrals.wallet_ledger (
        id bigserial PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES referrals.wallets (member_id),
        kind text NOT NULL CHECK (kind IN ('commission', 'clawback', 'withdrawal', 'withdrawal_returned')),
        -- Signed: what the entry did to the member's position (balance minus debt).
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        balance_after_minor bigint NOT NULL CHECK (balance_after_minor >= 0),
        debt_after_minor bigint NOT NULL CHECK (debt_after_minor >= 0),
        commission_id uuid REFERENCES referrals.commissions (id),
        withdrawal_id uuid,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX wallet_ledger_member ON referrals.wallet_ledger (member_id, id DESC)`);
    // Append-only: a correction is a new entry, never an edit.
    await q.query(`
      CREATE FUNCTION referrals.ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'referrals.wallet_ledger is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER wallet_ledger_append_only BEFORE UPDATE OR DELETE ON referrals.wallet_ledger
        FOR EACH ROW EXECUTE FUNCTION referrals.ledger_is_append_only()`);

    await q.query(`
      CREATE TABLE referrals.withdrawals (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES referrals.wallets (member_id),
        currency text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        fee_minor bigint NOT NULL CHECK (fee_minor >= 0),
        payout_minor bigint NOT NULL CHECK (payout_minor > 0 AND payout_minor + fee_minor = amount_minor),
        method text NOT NULL CHECK (method IN ('alipay', 'wechat', 'bank')),
        account text NOT NULL,
        status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'paid')),
        reject_reason text,
        paid_reference text,
        requested_at timestamptz NOT NULL,
        reviewed_at timestamptz,
        reviewed_by text,
        paid_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX withdrawals_status ON referrals.withdrawals (status, requested_at)`);
    await q.query(`CREATE INDEX withdrawals_member ON referrals.withdrawals (member_id, requested_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referrals.withdrawals, referrals.wallet_ledger, referrals.wallets, referrals.commissions,
      referrals.sales, referrals.tree_paths, referrals.members, referrals.ranks, referrals.goods_rates, referrals.settings`);
    await q.query(`DROP FUNCTION referrals.ledger_is_append_only()`);
  }
}
