import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { FixedClock } from '../../src/platform/clock/clock';
import { emailRows, sendDue, useMailShop } from '../notifications/notifications-helpers';
import { SmtpTestServer } from '../notifications/smtp-test-server';
import { type TestApp } from '../support/test-app';
import { bearer, goodsWithKeys, lookup, payOnSandbox, placeOrder } from './buy-flow-helpers';
import { drainEvents } from '../support/drain-events';

const T0 = new Date('2026-11-24T12:00:00Z');
/** Answers distinctive enough to search the logs for. */
const ACCOUNT = '770012345678';
const BUYER_EMAIL = 'player-q7x@games.example';

/**
 * Manual goods end to end: the buyer answers the goods' fields at checkout, the order is paid and
 * waits, an operator marks it fulfilled with a note, the buyer sees the note and is e-mailed.
 */
describe('manual goods: buyer answers and fulfilment', () => {
  const clock = new FixedClock(T0);
  const logs: string[] = [];
  const mail = useMailShop({ clock, startAt: T0 });
  let smtp: SmtpTestServer;
  let shop: TestApp;
  let owner: string;
  let operator: string;

  beforeAll(() => {
    // Everything the app logs goes through pino's stream: keep it, at the chattiest level, to search for the answers.
    const stream = (PinoLogger.root as unknown as Record<symbol, { write: (chunk: string) => boolean }>)[pino.symbols.streamSym];
    stream.write = (chunk: string) => {
      logs.push(String(chunk));
      return true;
    };
    PinoLogger.root.level = 'debug';
  });
  beforeEach(async () => {
    ({ shop, smtp, owner } = mail);
    operator = await shop.adminToken('operator');
  });

  const manualGoods = async () =>
    (
      await goodsWithKeys(shop, owner, 0, {
        title: 'Game top-up 100',
        deliveryType: 'manual',
        buyerFields: [
          { key: 'account', label: 'Game account', type: 'number', required: true },
          { key: 'email', label: 'Account e-mail', type: 'email', required: false },
        ],
      })
    ).goodsId;
  const orderCount = async () => (await shop.dataSource.query(`SELECT count(*)::int AS n FROM orders.orders`))[0].n as number;
  const fulfil = (orderId: string, token: string, body: Record<string, unknown>, key?: string) => {
    const req = shop.http().post(`/admin/orders/${orderId}/fulfil`).set(bearer(token));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  it.each([
    ['a missing required field', {}, 'buyerAnswers.account'],
    ['a blank required field', { account: '  ' }, 'buyerAnswers.account'],
    ['an unknown field', { account: '123456', server: 'eu-1' }, 'buyerAnswers.server'],
    ['a number field with letters', { account: '12ab' }, 'buyerAnswers.account'],
    ['an e-mail field without an address', { account: '123456', email: 'nope' }, 'buyerAnswers.email'],
    ['an answer that is not text', { account: 123456 }, 'buyerAnswers.account'],
  ])('refuses %s with 400 naming the field, and creates nothing', async (_what, buyerAnswers, field) => {
    const goodsId = await manualGoods();
    const res = await placeOrder(shop, { goodsId, buyerAnswers });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ field })]);
    expect(await orderCount()).toBe(0);
    expect(await shop.dataSource.query(`SELECT 1 FROM payments.payments`)).toHaveLength(0);
  });

  it('refuses answers for goods that ask nothing, and answers that are not an object', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const answered = await placeOrder(shop, { goodsId, buyerAnswers: { account: '123456' } });
    expect(answered.status).toBe(400);
    expect(answered.body.error.details).toEqual([expect.objectContaining({ field: 'buyerAnswers.account' })]);
    const notObject = await placeOrder(shop, { goodsId: await manualGoods(), buyerAnswers: 'account=1' });
    expect(notObject.status).toBe(400);
    expect(await orderCount()).toBe(0);
    // The auto goods' key was not held.
    expect((await shop.http().get(`/api/goods/${goodsId}`)).body.stock).toBe(1);
  });

  it('stores the answers, stays paid, and an operator fulfils it: delivered, audited, published, shown and e-mailed', async () => {
    logs.length = 0;
    const goodsId = await manualGoods();
    const placed = await placeOrder(shop, { goodsId, buyerAnswers: { account: ` ${ACCOUNT} `, email: BUYER_EMAIL } });
    expect(placed.status).toBe(201);
    const { orderId, orderNo } = placed.body as { orderId: string; orderNo: string };
    await payOnSandbox(shop, placed.body.payment.paymentId);

    const paid = await lookup(shop, orderNo);
    expect(paid.body).toMatchObject({ status: 'paid', buyerAnswers: { account: ACCOUNT, email: BUYER_EMAIL }, fulfilmentNote: null, keys: [] });
    const detail = await shop.http().get(`/admin/orders/${orderId}`).set(bearer(operator));
    expect(detail.body).toMatchObject({ status: 'paid', deliveryType: 'manual', buyerAnswers: { account: ACCOUNT, email: BUYER_EMAIL }, fulfilmentNote: null });
    expect(await emailRows(shop)).toHaveLength(0);

    const marketing = await shop.adminToken('marketing');
    expect((await fulfil(orderId, marketing, { reason: 'done by hand' })).status).toBe(403);
    const tooLong = await fulfil(orderId, operator, { reason: 'done by hand', note: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);

    const note = 'Topped up the account with 100 coins';
    const done = await fulfil(orderId, operator, { reason: 'topped up in the game console', note }, 'fulfil-1');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ orderId, status: 'delivered', fulfilmentNote: note });
    expect(done.body.deliveredAt).toBe(T0.toISOString());
    const replay = await fulfil(orderId, operator, { reason: 'topped up in the game console', note }, 'fulfil-1');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(done.body);

    const again = await fulfil(orderId, operator, { reason: 'once more', note });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_state_conflict');

    const audit = await shop.dataSource.query(`SELECT reason, details FROM platform.audit_log WHERE action = 'orders.fulfil' AND target_id = $1`, [orderId]);
    expect(audit).toEqual([{ reason: 'topped up in the game console', details: { noted: true } }]);
    const transitions = await shop.dataSource.query(
      `SELECT from_status, to_status, action, reason, actor FROM orders.order_transitions WHERE order_id = $1 AND to_status = 'delivered'`,
      [orderId],
    );
    expect(transitions).toEqual([expect.objectContaining({ from_status: 'paid', action: 'deliver', reason: 'topped up in the game console' })]);
    expect(transitions[0].actor).toMatch(/^admin:/);
    const events = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = 'orders.order.delivered'`);
    expect(events).toEqual([{ payload: expect.objectContaining({ orderId, orderNo }) }]);

    const seen = await lookup(shop, orderNo);
    expect(seen.body).toMatchObject({ status: 'delivered', fulfilmentNote: note, buyerAnswers: { account: ACCOUNT }, keys: [] });
    const adminSeen = await shop.http().get(`/admin/orders/${orderId}`).set(bearer(operator));
    expect(adminSeen.body).toMatchObject({ status: 'delivered', fulfilmentNote: note, buyerAnswers: { account: ACCOUNT } });

    // The delivered e-mail goes out (no keys to decrypt) and carries the note; its row is written by
    // notifications' subscriber to orders.order.delivered.
    await drainEvents(shop.app);
    const [row] = await emailRows(shop);
    expect(row).toMatchObject({ kind: 'buyer_order_delivered', order_id: orderId });
    expect(await sendDue(shop)).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.text).toContain(note);

    const logged = logs.join('');
    expect(logged).toContain(orderNo);
    expect(logged).not.toContain(ACCOUNT);
    expect(logged).not.toContain(BUYER_EMAIL);
  });

  it('refuses to fulfil an unpaid manual order and any auto order with 409', async () => {
    const goodsId = await manualGoods();
    const unpaid = await placeOrder(shop, { goodsId, buyerAnswers: { account: '123456' } });
    const early = await fulfil(unpaid.body.orderId, operator, { reason: 'too early' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('order_state_conflict');

    const auto = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId: auto.goodsId });
    await payOnSandbox(shop, placed.body.payment.paymentId);
    const autoFulfil = await fulfil(placed.body.orderId, operator, { reason: 'not by hand' });
    expect(autoFulfil.status).toBe(409);
    expect(autoFulfil.body.error.code).toBe('order_not_manual');
    expect((await lookup(shop, placed.body.orderNo)).body.fulfilmentNote).toBeNull();

    const missing = await fulfil('00000000-0000-4000-8000-000000000000', operator, { reason: 'no such order' });
    expect(missing.status).toBe(404);
  });
});
