import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { MemberRegisteredV1 } from '../../src/modules/membership/events';
import { OrderPaidV1, OrderRefundedV1 } from '../../src/modules/orders/events';
import { SettleCommissions } from '../../src/modules/referrals/jobs/settle-commissions';
import { MemberTokens } from '../../src/platform/auth/member-tokens';
import { Clock } from '../../src/platform/clock/clock';
import { EventOutbox } from '../../src/platform/events';
import { drainEvents } from '../support/drain-events';
import { bearer, type TestApp } from '../support/test-app';

export { bearer };

export const REFERRAL_TABLES = `referrals.withdrawals, referrals.wallet_ledger, referrals.wallets, referrals.commissions, referrals.sales,
  referrals.tree_paths, referrals.members, referrals.ranks, referrals.goods_rates`;

/** Empties the referral tables and puts the settings back to their migration defaults (2 levels, no rates). */
export async function resetReferrals(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE ${REFERRAL_TABLES}`);
  await shop.dataSource.query(`UPDATE referrals.settings SET levels = 2, rate_bps_by_level = '{0,0}' WHERE id = 1`);
}

/** Publishes integration events as their publishers do (in a transaction, through the outbox) and delivers them. */
export async function publishAndDrain(shop: TestApp, ...events: object[]): Promise<void> {
  const txHost = shop.app.get(TransactionHost);
  const outbox = shop.app.get(EventOutbox);
  await shop.app.get(ClsService).run(() => txHost.withTransaction(() => outbox.publish(...events)));
  await drainEvents(shop.app);
}

export interface Member {
  id: string;
  code: string;
}

/** A member registers (through membership's event), with the referral code of `referrer` when given. */
export async function register(shop: TestApp, referrer?: Member | string | null): Promise<Member> {
  const id = randomUUID();
  const code = typeof referrer === 'string' ? referrer : (referrer?.code ?? null);
  await publishAndDrain(shop, new MemberRegisteredV1(id, code, shop.app.get(Clock).now().toISOString()));
  return { id, code: await codeOf(shop, id) };
}

/** A chain: the first registers without a code, each next one with the previous one's code. */
export async function chain(shop: TestApp, length: number): Promise<Member[]> {
  const members: Member[] = [];
  for (let i = 0; i < length; i += 1) members.push(await register(shop, members[i - 1]));
  return members;
}

export async function codeOf(shop: TestApp, memberId: string): Promise<string> {
  const [row] = await shop.dataSource.query(`SELECT code FROM referrals.members WHERE member_id = $1`, [memberId]);
  if (!row) throw new Error(`member ${memberId} has no referral row`);
  return row.code as string;
}

/** The member's Authorization header (a fresh token on the app's clock). */
export function asMember(shop: TestApp, memberId: string): Record<string, string> {
  return bearer(shop.app.get(MemberTokens).issue(memberId).accessToken);
}

/** The buyer's order was paid: returns the order id. */
export async function pay(
  shop: TestApp,
  buyerId: string | null,
  amountMinor: number,
  options: { goodsId?: string; currency?: string; orderId?: string } = {},
): Promise<string> {
  const orderId = options.orderId ?? randomUUID();
  const now = shop.app.get(Clock).now().toISOString();
  await publishAndDrain(
    shop,
    new OrderPaidV1(orderId, `N-${orderId.slice(0, 8)}`, options.goodsId ?? randomUUID(), 1, buyerId, randomUUID(), amountMinor, options.currency ?? 'CNY', now),
  );
  return orderId;
}

export async function refund(shop: TestApp, orderId: string, buyerId: string | null, amountMinor: number): Promise<void> {
  const now = shop.app.get(Clock).now().toISOString();
  await publishAndDrain(shop, new OrderRefundedV1(orderId, `N-${orderId.slice(0, 8)}`, randomUUID(), 1, buyerId, amountMinor, 'CNY', 'test refund', now));
}

export async function setRates(shop: TestApp, token: string, levels: number, rateBpsByLevel: number[]): Promise<void> {
  const res = await shop.http().put('/admin/referrals/settings').set(bearer(token)).send({ levels, rateBpsByLevel });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Runs the settlement schedule now (in this process) and delivers what it published. */
export async function settle(shop: TestApp): Promise<number> {
  const settled = await shop.app.get(SettleCommissions).run();
  await drainEvents(shop.app);
  return settled;
}

export interface CommissionRow {
  order_id: string;
  level: number;
  beneficiary_id: string;
  rate_bps: number;
  rate_source: string;
  rank_id: string | null;
  amount_minor: number;
  reversed_minor: number;
  credited_minor: number;
  status: string;
}

export async function commissionsOf(shop: TestApp, orderId: string): Promise<CommissionRow[]> {
  return shop.dataSource.query(`SELECT * FROM referrals.commissions WHERE order_id = $1 ORDER BY level`, [orderId]);
}

export async function walletOf(shop: TestApp, memberId: string): Promise<{ balance: number; debt: number }> {
  const [row] = await shop.dataSource.query(`SELECT balance_minor, debt_minor FROM referrals.wallets WHERE member_id = $1`, [memberId]);
  return { balance: row?.balance_minor ?? 0, debt: row?.debt_minor ?? 0 };
}

export async function ledgerOf(shop: TestApp, memberId: string): Promise<Array<{ kind: string; amount: number; balance: number; debt: number }>> {
  const rows = await shop.dataSource.query(
    `SELECT kind, amount_minor, balance_after_minor, debt_after_minor FROM referrals.wallet_ledger WHERE member_id = $1 ORDER BY id`,
    [memberId],
  );
  return rows.map((r: Record<string, number | string>) => ({ kind: r.kind, amount: r.amount_minor, balance: r.balance_after_minor, debt: r.debt_after_minor }));
}

/** Events of a type in the outbox, payloads only. */
export async function outboxEvents(shop: TestApp, type: string): Promise<Array<Record<string, unknown>>> {
  const rows = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = $1 ORDER BY seq`, [type]);
  return rows.map((r: { payload: Record<string, unknown> }) => r.payload);
}

/**
 * Everything the tree keeps twice must agree: the closure table with the parent links walked from
 * scratch, the upline columns with the closure table, and the counters with what they count.
 * Returns the disagreements (empty when sound).
 */
export async function treeProblems(shop: TestApp): Promise<string[]> {
  const q = (sql: string) => shop.dataSource.query(sql) as Promise<Array<Record<string, unknown>>>;
  const problems: string[] = [];
  const walked = `WITH RECURSIVE walk(descendant_id, depth, ancestor_id) AS (
      SELECT member_id, 0, member_id FROM referrals.members
      UNION ALL
      SELECT w.descendant_id, w.depth + 1, m.parent_id FROM walk w JOIN referrals.members m ON m.member_id = w.ancestor_id
       WHERE m.parent_id IS NOT NULL AND w.depth < 1000)
    SELECT descendant_id, depth, ancestor_id FROM walk`;
  const paths = `SELECT descendant_id, depth, ancestor_id FROM referrals.tree_paths`;
  const [{ missing }] = await q(`SELECT count(*)::int AS missing FROM ((${walked}) EXCEPT (${paths})) d`);
  const [{ extra }] = await q(`SELECT count(*)::int AS extra FROM ((${paths}) EXCEPT (${walked})) d`);
  if (missing !== 0 || extra !== 0) problems.push(`closure table differs from the parent links: ${missing} rows missing, ${extra} too many`);
  const columns = await q(`SELECT m.member_id FROM referrals.members m
      LEFT JOIN referrals.tree_paths p1 ON p1.descendant_id = m.member_id AND p1.depth = 1
      LEFT JOIN referrals.tree_paths p2 ON p2.descendant_id = m.member_id AND p2.depth = 2
      LEFT JOIN referrals.tree_paths p3 ON p3.descendant_id = m.member_id AND p3.depth = 3
     WHERE m.parent_id IS DISTINCT FROM p1.ancestor_id OR m.grandparent_id IS DISTINCT FROM p2.ancestor_id
        OR m.great_grandparent_id IS DISTINCT FROM p3.ancestor_id`);
  if (columns.length) problems.push(`upline columns wrong for ${columns.length} members`);
  const counters = await q(`SELECT m.member_id FROM referrals.members m
     WHERE m.direct_count <> (SELECT count(*) FROM referrals.members c WHERE c.parent_id = m.member_id)
        OR m.team_size <> (SELECT count(*) FROM referrals.tree_paths p WHERE p.ancestor_id = m.member_id AND p.depth > 0)
        OR m.own_sales_minor <> (SELECT coalesce(sum(paid_minor - refunded_minor), 0) FROM referrals.sales s WHERE s.buyer_id = m.member_id AND s.counted)
        OR m.team_sales_minor <> (SELECT coalesce(sum(s.paid_minor - s.refunded_minor), 0) FROM referrals.tree_paths p
                                    JOIN referrals.sales s ON s.buyer_id = p.descendant_id AND s.counted
                                   WHERE p.ancestor_id = m.member_id AND p.depth > 0)`);
  if (counters.length) problems.push(`counters wrong for ${counters.length} members`);
  return problems;
}
