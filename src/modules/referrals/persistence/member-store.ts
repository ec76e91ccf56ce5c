import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { newReferralCode } from '../domain/referral-code';

export type BoundVia = 'registration' | 'member' | 'admin';

export interface ReferralMember {
  memberId: string;
  code: string;
  parentId: string | null;
  grandparentId: string | null;
  greatGrandparentId: string | null;
  boundAt: Date | null;
  boundVia: BoundVia | null;
  rankId: string | null;
  directCount: number;
  /** Everyone below the member, at any depth. */
  teamSize: number;
  /** Net paid sales of the member's own orders (in REFERRAL_CURRENCY). */
  ownSalesMinor: number;
  /** Net paid sales of everyone below the member. */
  teamSalesMinor: number;
  createdAt: Date;
}

interface Row {
  member_id: string;
  code: string;
  parent_id: string | null;
  grandparent_id: string | null;
  great_grandparent_id: string | null;
  bound_at: Date | null;
  bound_via: BoundVia | null;
  rank_id: string | null;
  direct_count: number;
  team_size: number;
  own_sales_minor: number;
  team_sales_minor: number;
  created_at: Date;
}

const COLUMNS = `member_id, code, parent_id, grandparent_id, great_grandparent_id, bound_at, bound_via, rank_id,
  direct_count, team_size, own_sales_minor, team_sales_minor, created_at`;

const toRecord = (r: Row): ReferralMember => ({
  memberId: r.member_id,
  code: r.code,
  parentId: r.parent_id,
  grandparentId: r.grandparent_id,
  greatGrandparentId: r.great_grandparent_id,
  boundAt: r.bound_at,
  boundVia: r.bound_via,
  rankId: r.rank_id,
  directCount: r.direct_count,
  teamSize: r.team_size,
  ownSalesMinor: r.own_sales_minor,
  teamSalesMinor: r.team_sales_minor,
  createdAt: r.created_at,
});

/** Members' referral rows: code, upline to depth 3, rank and the team counters. */
@Injectable()
export class MemberStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * The member's row, created with a fresh code (and its depth-0 closure row) when it does not exist
   * yet. A code that collides with another member's is drawn again.
   */
  async ensure(memberId: string, now: Date): Promise<ReferralMember> {
    const existing = await this.byId(memberId);
    if (existing) return existing;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      // No conflict target: a taken member id (a parallel creation) and a taken code both do nothing.
      await this.txHost.tx.query(
        `INSERT INTO referrals.members (member_id, code, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING`,
        [memberId, newReferralCode(), now],
      );
      await this.txHost.tx.query(
        `INSERT INTO referrals.tree_paths (descendant_id, depth, ancestor_id)
         SELECT $1, 0, $1 WHERE EXISTS (SELECT 1 FROM referrals.members WHERE member_id = $1) ON CONFLICT DO NOTHING`,
        [memberId],
      );
      const created = await this.byId(memberId);
      if (created) return created;
    }
    throw new Error(`Could not draw a free referral code for member ${memberId}`);
  }

  async byId(memberId: string, lock = false): Promise<ReferralMember | null> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM referrals.members WHERE member_id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
      [memberId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byCode(code: string): Promise<ReferralMember | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM referrals.members WHERE code = $1`, [code]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byIds(memberIds: string[]): Promise<ReferralMember[]> {
    if (memberIds.length === 0) return [];
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM referrals.members WHERE member_id = ANY($1::uuid[])`, [memberIds]);
    return rows.map(toRecord);
  }

  /**
   * Locks rows in member-id order. Every transaction that locks several members does it through
   * here in one statement, so two of them can never wait on each other in a circle. NO KEY UPDATE
   * (not UPDATE): the key-share locks that inserting a sale or a commission takes on the rows it
   * references must not block it, or a sale waiting here would deadlock with one inserting there.
   */
  async lockMany(memberIds: string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.txHost.tx.query(
      `SELECT member_id FROM referrals.members WHERE member_id = ANY($1::uuid[]) ORDER BY member_id FOR NO KEY UPDATE`,
      [[...new Set(memberIds)]],
    );
  }

  /** Records the member's own binding: the referrer and the referrer's two nearest ancestors. */
  async setReferrer(memberId: string, referrer: ReferralMember, via: BoundVia, now: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE referrals.members SET parent_id = $2, grandparent_id = $3, great_grandparent_id = $4, bound_at = $5, bound_via = $6, updated_at = $5
        WHERE member_id = $1`,
      [memberId, referrer.memberId, referrer.parentId, referrer.grandparentId, now, via],
    );
  }

  /**
   * After the subtree of `rootId` moved, the members one and two levels below it have a new
   * grandparent or great-grandparent: read them again from the closure table.
   */
  async refreshUplineBelow(rootId: string, now: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE referrals.members m SET
          grandparent_id = (SELECT ancestor_id FROM referrals.tree_paths WHERE descendant_id = m.member_id AND depth = 2),
          great_grandparent_id = (SELECT ancestor_id FROM referrals.tree_paths WHERE descendant_id = m.member_id AND depth = 3),
          updated_at = $2
        WHERE m.member_id IN (SELECT descendant_id FROM referrals.tree_paths WHERE ancestor_id = $1 AND depth IN (1, 2))`,
      [rootId, now],
    );
  }

  async addDirect(memberId: string, delta: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.members SET direct_count = direct_count + $2 WHERE member_id = $1`, [memberId, delta]);
  }

  /** Moves the team counters of every given member (the ancestors of a moved subtree or of a buyer). */
  async addTeam(memberIds: string[], sizeDelta: number, salesDelta: number): Promise<void> {
    if (memberIds.length === 0 || (sizeDelta === 0 && salesDelta === 0)) return;
    await this.txHost.tx.query(
      `UPDATE referrals.members SET team_size = team_size + $2, team_sales_minor = team_sales_minor + $3 WHERE member_id = ANY($1::uuid[])`,
      [memberIds, sizeDelta, salesDelta],
    );
  }

  async addOwnSales(memberId: string, delta: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.members SET own_sales_minor = own_sales_minor + $2 WHERE member_id = $1`, [memberId, delta]);
  }

  async setRank(memberId: string, rankId: string | null, now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.members SET rank_id = $2, updated_at = $3 WHERE member_id = $1`, [memberId, rankId, now]);
  }

  /** Members that could hold a rank or hold one (a rank needs a direct member or team sales), by member id after `after`. */
  async rankCandidates(after: string | null, limit: number): Promise<ReferralMember[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM referrals.members
        WHERE (rank_id IS NOT NULL OR direct_count > 0 OR team_sales_minor > 0) AND ($1::uuid IS NULL OR member_id > $1)
        ORDER BY member_id LIMIT $2`,
      [after, limit],
    );
    return rows.map(toRecord);
  }

  /** One page of the member's direct members, newest first (their number is the direct_count counter). */
  async directMembers(memberId: string, limit: number, offset: number): Promise<ReferralMember[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM referrals.members WHERE parent_id = $1 ORDER BY bound_at DESC, member_id LIMIT $2 OFFSET $3`,
      [memberId, limit, offset],
    );
    return rows.map(toRecord);
  }
}
