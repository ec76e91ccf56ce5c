import { StockLowV1 } from '../../src/modules/card-keys/events';
import { OrderAwaitingStockV1, OrderDynamicDeliveryFailedV1 } from '../../src/modules/orders/events';
import { ChannelBreakerOpenedV1, PaymentMismatchV1 } from '../../src/modules/payments/events';
import { TicketSlaBreachedV1 } from '../../src/modules/support/events';
import { FixedClock } from '../../src/platform/clock/clock';
import { DeliveryDeadLetteredV1 } from '../../src/platform/events';
import { bearer, goodsWithKeys, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { resetPlatformTables, type TestApp } from '../support/test-app';
import { ALERT_TO, createMailApp, emailRows, publishAndDrain, resetNotifications, sendDue } from './notifications-helpers';
import { SmtpTestServer } from './smtp-test-server';

const T0 = new Date('2026-11-24T12:00:00Z');
const minutes = (m: number) => m * 60_000;
const GOODS = 'a0000000-0000-4000-8000-000000000001';
const OTHER_GOODS = 'a0000000-0000-4000-8000-000000000002';

/** Alerts to MERCHANT_ALERT_EMAILS through the same outbox, one per event kind, floods collapsed. */
describe('notifications: merchant alerts', () => {
  const clock = new FixedClock(T0);
  let smtp: SmtpTestServer;
  let shop: TestApp;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    shop = await createMailApp(smtp, { clock, env: { SHOP_LANGUAGE: 'en', SHOP_NAME: 'Night Owl Cards' } });
  });
  beforeEach(async () => {
    clock.set(T0);
    smtp.clear();
    await resetPlatformTables(shop.dataSource);
    await resetNotifications(shop);
  });
  afterAll(async () => {
    await shop.close();
    await smtp.stop();
  });

  const at = () => clock.now().toISOString();

  it('alerts on each kind of event, in the shop’s language, to every alert address', async () => {
    await publishAndDrain(
      shop,
      new StockLowV1(GOODS, 2, 5),
      new OrderAwaitingStockV1('b0000000-0000-4000-8000-000000000001', '20261124-AAAAAAAA', GOODS, 3, null, at()),
      new PaymentMismatchV1('c0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'alipay', 10_000, 100, 'CNY', 'CNY', 'TXN-42', at()),
      new DeliveryDeadLetteredV1('d0000000-0000-4000-8000-000000000001', 'orders.order.paid', 'referrals.record-commission', 3, 'relation "x" does not exist', at()),
      new ChannelBreakerOpenedV1('e0000000-0000-4000-8000-000000000001', 'epay', 30_000, at()),
      new TicketSlaBreachedV1('f0000000-0000-4000-8000-000000000001', 'first_response', 'urgent', at(), at()),
      new OrderDynamicDeliveryFailedV1('b0000000-0000-4000-8000-000000000002', '20261124-BBBBBBBB', OTHER_GOODS, 1, null, 5, 'merchant answered 502', at()),
    );
    const rows = await emailRows(shop);
    expect(rows.map((r) => r.kind).sort()).toEqual([
      'alert_channel_breaker_opened',
      'alert_dead_letter',
      'alert_dynamic_delivery_failed',
      'alert_order_awaiting_stock',
      'alert_payment_mismatch',
      'alert_sla_breached',
      'alert_stock_low',
    ]);
    expect(rows.every((r) => r.language === 'en' && r.status === 'pending' && r.order_id === null)).toBe(true);
    expect(rows.every((r) => JSON.stringify(r.recipients) === JSON.stringify(ALERT_TO))).toBe(true);

    expect(await sendDue(shop)).toMatchObject({ sent: 7 });
    const mails = await smtp.waitFor(7);
    for (const mail of mails) expect(mail.to).toEqual(ALERT_TO);
    const subjects = mails.map((m) => m.parsed.subject).sort();
    expect(subjects).toEqual([
      '[Night Owl Cards] Event delivery failed: referrals.record-commission gave up on orders.order.paid',
      `[Night Owl Cards] Low stock: goods ${GOODS} has 2 left`,
      '[Night Owl Cards] Paid order 20261124-AAAAAAAA is waiting for stock',
      '[Night Owl Cards] Paid order 20261124-BBBBBBBB got nothing from the merchant URL',
      '[Night Owl Cards] Payment channel epay taken out of rotation',
      '[Night Owl Cards] Payment mismatch on alipay: CN¥1.00 reported, CN¥100.00 expected',
      '[Night Owl Cards] SLA breached (first response): ticket f0000000-0000-4000-8000-000000000001',
    ]);
    const body = (kind: string) => mails.find((m) => m.parsed.messageId === rows.find((r) => r.kind === kind)?.message_id)?.parsed.text ?? '';
    expect(body('alert_dead_letter')).toContain('Last error: relation "x" does not exist');
    expect(body('alert_dead_letter')).toContain('/admin/events/dead-letters');
    expect(body('alert_payment_mismatch')).toContain('Provider transaction: TXN-42');
    expect(body('alert_channel_breaker_opened')).toContain('Probe again in (s): 30');
    expect(body('alert_order_awaiting_stock')).toContain('Quantity: 3');
    expect(body('alert_sla_breached')).toContain('Priority: urgent');
    expect(body('alert_dynamic_delivery_failed')).toContain('Last error: merchant answered 502');
    expect(body('alert_dynamic_delivery_failed')).toContain('/admin/orders/:id/retry-delivery');
    expect((await emailRows(shop)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('a real low-stock dip after a sale alerts with the goods and the count, and nothing of the buyer', async () => {
    await resetShop(shop);
    const owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
    const { goodsId, secrets } = await goodsWithKeys(shop, owner, 3);
    const settings = await shop.http().put(`/admin/card-keys/goods/${goodsId}/settings`).set(bearer(owner)).send({ reusable: false, lowStockThreshold: 2 });
    expect(settings.status).toBe(200);
    await resetNotifications(shop);
    expect((await placeOrder(shop, { goodsId, contact: 'secret-buyer@example.com', queryPassword: 'hunter2-password' })).status).toBe(201);
    await publishAndDrain(shop);

    expect(await emailRows(shop)).toEqual([expect.objectContaining({ kind: 'alert_stock_low', collapse_key: `goods:${goodsId}` })]);
    await sendDue(shop);
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.subject).toBe(`[Night Owl Cards] Low stock: goods ${goodsId} has 2 left`);
    expect(mail.parsed.text).toContain('Threshold: 2');
    for (const secret of [...secrets, 'secret-buyer@example.com', 'hunter2-password']) expect(mail.raw).not.toContain(secret);
  });

  it('collapses a flood: at most one low-stock alert per goods per hour, the later ones gathered into the next, none lost', async () => {
    await publishAndDrain(shop, new StockLowV1(GOODS, 3, 5));
    await sendDue(shop);
    await smtp.waitFor(1);

    clock.advance(minutes(1));
    await publishAndDrain(shop, new StockLowV1(GOODS, 2, 5));
    clock.advance(minutes(1));
    await publishAndDrain(shop, new StockLowV1(GOODS, 1, 5), new StockLowV1(OTHER_GOODS, 4, 5));

    const pending = await emailRows(shop, `status = 'pending'`);
    expect(pending).toHaveLength(2);
    const held = pending.find((r) => r.collapse_key === `goods:${GOODS}`);
    expect(held).toMatchObject({ occurrences: 2 });
    expect(held?.scheduled_for).toEqual(new Date(T0.getTime() + minutes(60)));
    expect((held?.data.items as Array<{ available: number }>).map((i) => i.available)).toEqual([2, 1]);

    // Another goods item is not held back; this one waits for its hour.
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    expect((await smtp.waitFor(2))[1].parsed.subject).toBe(`[Night Owl Cards] Low stock: goods ${OTHER_GOODS} has 4 left`);

    clock.set(new Date(T0.getTime() + minutes(60) - 1));
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    clock.set(new Date(T0.getTime() + minutes(60)));
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    const third = (await smtp.waitFor(3))[2];
    expect(third.parsed.subject).toBe(`[Night Owl Cards] Low stock: goods ${GOODS} has 2 left (+1 more)`);
    expect(third.parsed.text).toContain('Available: 2');
    expect(third.parsed.text).toContain('Available: 1');

    // Half an hour after that one, a new dip is held until an hour after it went out.
    clock.advance(minutes(30));
    await publishAndDrain(shop, new StockLowV1(GOODS, 0, 5));
    expect((await emailRows(shop, `status = 'pending'`))[0].scheduled_for).toEqual(new Date(T0.getTime() + minutes(120)));
    // Sent late (the sender ran only at +200 min): the next one waits an hour from then, not from when it was due.
    clock.set(new Date(T0.getTime() + minutes(200)));
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    await publishAndDrain(shop, new StockLowV1(GOODS, 0, 5));
    expect((await emailRows(shop, `status = 'pending'`))[0].scheduled_for).toEqual(new Date(T0.getTime() + minutes(260)));
    clock.set(new Date(T0.getTime() + minutes(260)));
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    // After a quiet hour, a dip is told at once.
    clock.set(new Date(T0.getTime() + minutes(321)));
    await publishAndDrain(shop, new StockLowV1(GOODS, 0, 5));
    expect((await emailRows(shop, `status = 'pending'`))[0].scheduled_for).toEqual(new Date(T0.getTime() + minutes(321)));
    expect(smtp.received).toHaveLength(5);
  });

  it('gathers alerts that arrive while the first one still waits (the server down): one e-mail for all', async () => {
    await smtp.stop();
    try {
      await publishAndDrain(shop, new OrderAwaitingStockV1('b0000000-0000-4000-8000-000000000001', '20261124-AAAAAAAA', GOODS, 1, null, at()));
      expect(await sendDue(shop)).toMatchObject({ retrying: 1 });
      await publishAndDrain(
        shop,
        new OrderAwaitingStockV1('b0000000-0000-4000-8000-000000000002', '20261124-BBBBBBBB', GOODS, 2, null, at()),
        new OrderAwaitingStockV1('b0000000-0000-4000-8000-000000000003', '20261124-CCCCCCCC', GOODS, 1, null, at()),
      );
    } finally {
      await smtp.listen();
    }
    expect(await emailRows(shop)).toEqual([expect.objectContaining({ occurrences: 3, attempts: 1 })]);
    clock.advance(30_000);
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.subject).toBe('[Night Owl Cards] Paid order 20261124-AAAAAAAA is waiting for stock (+2 more)');
    for (const no of ['20261124-AAAAAAAA', '20261124-BBBBBBBB', '20261124-CCCCCCCC']) expect(mail.parsed.text).toContain(`Order: ${no}`);
  });

  it('senders running side by side send each alert once', async () => {
    const goods = Array.from({ length: 25 }, (_, i) => `a1000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await publishAndDrain(shop, ...goods.map((g) => new StockLowV1(g, 1, 5)));
    expect(await emailRows(shop)).toHaveLength(25);
    const reports = await Promise.all([sendDue(shop), sendDue(shop), sendDue(shop), sendDue(shop)]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(25);
    expect(reports.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    const mails = await smtp.waitFor(25);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(25);
    expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(25);
    expect(mails.map((m) => /goods (\S+) has/.exec(m.parsed.subject ?? '')?.[1]).sort()).toEqual([...goods].sort());
    expect((await emailRows(shop)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
