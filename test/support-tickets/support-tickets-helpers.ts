import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { DetectSlaBreaches } from '../../src/modules/support/jobs/detect-sla-breaches';
import { MemberTokens } from '../../src/platform/auth/member-tokens';
import { EventOutbox } from '../../src/platform/events';
import { bearer, goodsWithKeys, payOnSandbox, placeOrder } from '../orders/buy-flow-helpers';
import { drainEvents } from '../support/drain-events';
import type { TestApp } from '../support/test-app';

export { bearer };

export const SUPPORT_TABLES = 'support.status_changes, support.messages, support.tickets';

/** Empties the tickets and puts the SLA policies back to the migration's defaults. */
export async function resetSupport(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE ${SUPPORT_TABLES}`);
  await shop.dataSource.query(
    `UPDATE support.sla_policies p SET first_response_minutes = d.fr, resolution_minutes = d.res
       FROM (VALUES ('urgent', 15, 240), ('high', 60, 480), ('normal', 240, 1440), ('low', 480, 4320)) AS d(priority, fr, res)
      WHERE p.priority = d.priority`,
  );
}

/** The Authorization header of a fresh member access token (issued on the app's clock). */
export const memberAuth = (shop: TestApp, memberId: string) => bearer(shop.app.get(MemberTokens).issue(memberId).accessToken);

export const ticketToken = (token: string) => ({ 'X-Ticket-Token': token });

/** A delivered order: goods with `keys` keys, bought (by a member when `member` is given) and paid on the sandbox. */
export async function deliveredOrder(shop: TestApp, owner: string, options: { keys?: number; member?: string; contact?: string } = {}) {
  const { goodsId, secrets } = await goodsWithKeys(shop, owner, options.keys ?? 1);
  const req = placeOrder(shop, { goodsId, contact: options.contact ?? 'buyer@example.com' });
  if (options.member) req.set(memberAuth(shop, options.member));
  const placed = await req;
  if (placed.status !== 201) throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
  await payOnSandbox(shop, placed.body.payment.paymentId);
  return { goodsId, secrets, orderId: placed.body.orderId as string, orderNo: placed.body.orderNo as string, paymentId: placed.body.payment.paymentId as string };
}

/** A guest opens a ticket about an order; returns the answer (ticket + accessToken). */
export function openAsGuest(shop: TestApp, orderNo: string, fields: Record<string, unknown> = {}) {
  return shop
    .http()
    .post('/api/support/tickets')
    .send({
      orderNo,
      contact: 'buyer@example.com',
      queryPassword: 'open-sesame',
      category: 'not_received',
      subject: 'Where are my keys?',
      message: 'I paid but I see nothing.',
      ...fields,
    });
}

export function openAsMember(shop: TestApp, memberId: string, fields: Record<string, unknown> = {}) {
  return shop
    .http()
    .post('/api/support/tickets')
    .set(memberAuth(shop, memberId))
    .send({ category: 'other', subject: 'A question', message: 'How do gift cards work?', ...fields });
}

/** Publishes integration events as their publishers do (in a transaction, through the outbox) and delivers them. */
export async function publishAndDrain(shop: TestApp, ...events: object[]): Promise<void> {
  const txHost = shop.app.get(TransactionHost);
  const outbox = shop.app.get(EventOutbox);
  await shop.app.get(ClsService).run(() => txHost.withTransaction(() => outbox.publish(...events)));
  await drainEvents(shop.app);
}

/** Runs the breach schedule's work once, as its Bull job does (inside a request-less context). */
export function detectBreaches(shop: TestApp): Promise<number> {
  return shop.app.get(ClsService).run(() => shop.app.get(DetectSlaBreaches).run());
}

/** The payloads of the events of one type in the outbox, oldest first. */
export async function published(shop: TestApp, type: string): Promise<Array<Record<string, unknown>>> {
  const rows = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = $1 ORDER BY seq`, [type]);
  return rows.map((r: { payload: Record<string, unknown> }) => r.payload);
}

export async function ticketRow(shop: TestApp, id: string): Promise<Record<string, unknown>> {
  const [row] = await shop.dataSource.query(`SELECT * FROM support.tickets WHERE id = $1`, [id]);
  return row;
}

/** Counts of the support tables, to prove a refused request changed nothing. */
export async function supportCounts(shop: TestApp) {
  const [row] = await shop.dataSource.query(
    `SELECT (SELECT count(*) FROM support.tickets)::int AS tickets, (SELECT count(*) FROM support.messages)::int AS messages,
            (SELECT count(*) FROM support.status_changes)::int AS changes,
            (SELECT count(*) FROM platform.outbox WHERE type LIKE 'support.%')::int AS events`,
  );
  return row as { tickets: number; messages: number; changes: number; events: number };
}

export const newMember = () => randomUUID();

/** A marker text no buyer may ever see: put in internal notes and looked for in every buyer-facing answer. */
export const SECRET_NOTE = 'INTERNAL-ONLY-7f3a: buyer sounds like a reseller, check the chargeback history';
