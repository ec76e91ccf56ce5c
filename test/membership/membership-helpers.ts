import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { OrderPaidV1, OrderRefundedV1 } from '../../src/modules/orders/events';
import { AppConfig } from '../../src/platform/config/app-config';
import { EventOutbox } from '../../src/platform/events';
import { RateCounters } from '../../src/platform/counters/rate-counters';
import { drainEvents } from '../support/drain-events';
import { bearer, type TestApp } from '../support/test-app';

export { bearer };

export const PASSWORD = 'correct horse battery';

/** Empties membership's tables and the app's sign-in failure counters. */
export async function resetMembership(shop: TestApp): Promise<void> {
  await shop.dataSource.query(
    `TRUNCATE membership.used_partner_assertions, membership.partner_links, membership.points_ledger,
              membership.refresh_tokens, membership.members, membership.levels`,
  );
  await shop.dataSource.query(`UPDATE membership.level_revision SET revision = 0`);
  await shop.app.get(RateCounters).clearPrefix(`${shop.app.get(AppConfig).QUEUE_PREFIX}:member-sign-in:`);
}

export interface Registered {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export async function register(shop: TestApp, fields: Record<string, unknown> = {}): Promise<Registered> {
  const email = (fields.email as string | undefined) ?? `member-${randomUUID().slice(0, 8)}@example.com`;
  const res = await shop.http().post('/api/members/register').send({ email, password: PASSWORD, ...fields });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.member.id, email: res.body.member.email, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

export async function createLevel(shop: TestApp, token: string, body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const res = await shop.http().post('/admin/members/levels').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`level: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function me(shop: TestApp, accessToken: string) {
  const res = await shop.http().get('/api/me').set(bearer(accessToken));
  if (res.status !== 200) throw new Error(`me: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Publishes events the way orders does (in a transaction, through the outbox) and returns their ids. */
export async function publish(shop: TestApp, ...events: object[]): Promise<string[]> {
  return shop.app.get(ClsService).run(() => shop.app.get(TransactionHost).withTransaction(() => shop.app.get(EventOutbox).publish(...events)));
}

export function paid(memberId: string | null, amountMinor: number, orderId = randomUUID()): OrderPaidV1 {
  return new OrderPaidV1(orderId, `20261124-${orderId.slice(0, 8).toUpperCase()}`, randomUUID(), 1, memberId, randomUUID(), amountMinor, 'CNY', new Date().toISOString());
}

export function refunded(paidEvent: OrderPaidV1, amountMinor: number): OrderRefundedV1 {
  return new OrderRefundedV1(
    paidEvent.orderId,
    paidEvent.orderNo,
    paidEvent.goodsId,
    paidEvent.quantity,
    paidEvent.memberId,
    amountMinor,
    paidEvent.currency,
    'test refund',
    new Date().toISOString(),
  );
}

/** Publishes and delivers. */
export async function deliver(shop: TestApp, ...events: object[]): Promise<string[]> {
  const ids = await publish(shop, ...events);
  await drainEvents(shop.app);
  return ids;
}

export async function standing(shop: TestApp, memberId: string): Promise<{ points: number; spend: number; levelId: string | null }> {
  const [row] = await shop.dataSource.query(`SELECT points, lifetime_spend_minor AS spend, level_id AS "levelId" FROM membership.members WHERE id = $1`, [
    memberId,
  ]);
  return row;
}

/** MemberLevelChangedV1 published for the member, oldest first. */
export async function levelChanges(shop: TestApp, memberId: string): Promise<Array<{ from: string | null; to: string | null }>> {
  const rows: Array<{ payload: { fromLevelId: string | null; toLevelId: string | null } }> = await shop.dataSource.query(
    `SELECT payload FROM platform.outbox WHERE type = 'membership.member.level-changed' AND payload->>'memberId' = $1 ORDER BY seq`,
    [memberId],
  );
  return rows.map((r) => ({ from: r.payload.fromLevelId, to: r.payload.toLevelId }));
}

/** A snapshot of everything membership stores, to prove a refused request changed nothing. */
export async function membershipState(shop: TestApp): Promise<string> {
  const parts = await Promise.all(
    ['members', 'refresh_tokens', 'points_ledger', 'partner_links', 'used_partner_assertions', 'levels'].map((t) =>
      shop.dataSource.query(`SELECT * FROM membership.${t} ORDER BY 1`),
    ),
  );
  const outbox = await shop.dataSource.query(`SELECT type, payload FROM platform.outbox ORDER BY seq`);
  return JSON.stringify([parts, outbox]);
}
