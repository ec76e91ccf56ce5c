import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export interface TeamLevels {
  level1: number;
  level2: number;
  level3: number;
}

/**
 * The closure table of the referral tree: (descendant, depth, ancestor) for every member and every
 * ancestor, depth 0 being the member. Team questions at any depth are index range scans on
 * (ancestor, depth); a move rewrites only the rows that link the moved subtree to what is above it.
 */
@Injectable()
export class TreePathsStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Every ancestor of the member, nearest first (depth 1 = the referrer). */
  async ancestorsOf(memberId: string): Promise<string[]> {
    const rows: Array<{ ancestor_id: string }> = await this.txHost.tx.query(
      `SELECT ancestor_id FROM referrals.tree_paths WHERE descendant_id = $1 AND depth > 0 ORDER BY depth`,
      [memberId],
    );
    return rows.map((r) => r.ancestor_id);
  }

  /** True when `memberId` is `ancestorId` or anywhere below it. */
  async isInSubtree(ancestorId: string, memberId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `SELECT 1 FROM referrals.tree_paths WHERE ancestor_id = $1 AND descendant_id = $2`,
      [ancestorId, memberId],
    );
    return rows.length > 0;
  }

  /**
   * Hangs the subtree of `rootId` under `newParentId`: drops the links from its old ancestors to
   * every member of the subtree, then links the new parent and all its ancestors to each of them.
   * The caller holds the tree lock and has checked that the new parent is not inside the subtree.
   */
  async moveSubtree(rootId: string, newParentId: string): Promise<void> {
    await this.txHost.tx.query(
      `DELETE FROM referrals.tree_paths p USING referrals.tree_paths s
        WHERE s.ancestor_id = $1 AND p.descendant_id = s.descendant_id AND p.depth > s.depth`,
      [rootId],
    );
    await this.txHost.tx.query(
      `INSERT INTO referrals.tree_paths (descendant_id, depth, ancestor_id)
       SELECT s.descendant_id, s.depth + a.depth + 1, a.ancestor_id
         FROM referrals.tree_paths s CROSS JOIN referrals.tree_paths a
        WHERE s.ancestor_id = $1 AND a.descendant_id = $2`,
      [rootId, newParentId],
    );
  }

  /** How many members are 1, 2 and 3 levels below the member. */
  async teamLevels(memberId: string): Promise<TeamLevels> {
    const rows: Array<{ depth: number; n: number }> = await this.txHost.tx.query(
      `SELECT depth, count(*)::int AS n FROM referrals.tree_paths WHERE ancestor_id = $1 AND depth BETWEEN 1 AND 3 GROUP BY depth`,
      [memberId],
    );
    const at = (d: number) => rows.find((r) => r.depth === d)?.n ?? 0;
    return { level1: at(1), level2: at(2), level3: at(3) };
  }

  /** Team size counted from the closure table (the counter on the member row says the same, in O(1)). */
  async countTeam(memberId: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.txHost.tx.query(
      `SELECT count(*)::int AS n FROM referrals.tree_paths WHERE ancestor_id = $1 AND depth > 0`,
      [memberId],
    );
    return n;
  }

  /** Team sales summed from the sales themselves (the counter on the member row says the same, in O(1)). */
  async sumTeamSales(memberId: string): Promise<number> {
    const [{ total }]: Array<{ total: number }> = await this.txHost.tx.query(
      `SELECT coalesce(sum(s.paid_minor - s.refunded_minor), 0)::bigint AS total
         FROM referrals.tree_paths p JOIN referrals.sales s ON s.buyer_id = p.descendant_id AND s.counted
        WHERE p.ancestor_id = $1 AND p.depth > 0`,
      [memberId],
    );
    return total;
  }
}
