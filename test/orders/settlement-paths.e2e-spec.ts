import { ClsService } from 'nestjs-cls';
import { PaymentsFacade } from '../../src/modules/payments';
import { createChannel, postCallback, signedCallback } from '../payments/payments-helpers';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { goodsWithKeys, lookup, payOnSandbox, placeOrder, resetShop } from './buy-flow-helpers';

describe('settling payments into delivered orders', () => {
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await shop.dataSource.query(`DROP TRIGGER IF EXISTS crash_once ON orders.orders`);
    owner = await shop.adminToken('owner');
  });
  afterAll(async () => {
    await shop.dataSource.query(`DROP TRIGGER IF EXISTS crash_once ON orders.orders`);
    await shop.close();
  });

  const order = async (orderNo: string) =>
    (await shop.dataSource.query(`SELECT * FROM orders.orders WHERE order_no = $1`, [orderNo]))[0];
  const outboxCount = async (type: string) =>
    (await shop.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE type = $1`, [type]))[0].n;

  it('settles the same callback sent 10 times at once into one payment, one delivery and the same keys', async () => {
    const { code, secret } = await createChannel(shop, owner, { code: 'sandbox', priority: 1 });
    const { goodsId } = await goodsWithKeys(shop, owner, 5);
    const placed = await placeOrder(shop, { goodsId, quantity: 2, channel: code });
    const [payment] = await shop.dataSource.query(`SELECT * FROM payments.payments WHERE id = $1`, [placed.body.payment.paymentId]);
    const callback = signedCallback(secret, {
      paymentId: payment.id,
      providerTxnId: 'SBX-PARALLEL-1',
      providerRef: payment.provider_ref,
      amountMinor: 20_000,
      currency: 'CNY',
      status: 'succeeded',
    });
    const acks = await Promise.all(Array.from({ length: 10 }, () => postCallback(shop, code, callback)));
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await drainEvents(shop.app);

    expect((await order(placed.body.orderNo)).status).toBe('delivered');
    expect(await outboxCount('payments.payment.succeeded')).toBe(1);
    expect(await outboxCount('orders.order.paid')).toBe(1);
    expect(await outboxCount('orders.order.delivered')).toBe(1);
    const sales = await shop.dataSource.query(`SELECT key_id FROM card_keys.sales WHERE order_id = $1`, [placed.body.orderId]);
    expect(sales).toHaveLength(2);
    const first = await lookup(shop, placed.body.orderNo);
    const second = await lookup(shop, placed.body.orderNo);
    expect(first.body.keys).toHaveLength(2);
    expect(second.body.keys).toEqual(first.body.keys);
  });

  it('refunds a second successful payment for an order that is already paid, never keeping it', async () => {
    await createChannel(shop, owner, { code: 'sandbox', priority: 1 });
    const { goodsId } = await goodsWithKeys(shop, owner, 3);
    const placed = await placeOrder(shop, { goodsId });
    // The buyer opened a second payment for the same order (e.g. a second browser tab) and paid both.
    const second = await shop.app.get(ClsService).run(() =>
      shop.app.get(PaymentsFacade).openPayment({
        orderId: placed.body.orderId,
        orderNo: placed.body.orderNo,
        amountMinor: placed.body.totalMinor,
        currency: 'CNY',
        subject: 'second tab',
        expiresAt: new Date(Date.now() + 15 * 60_000),
      }),
    );
    await payOnSandbox(shop, placed.body.payment.paymentId);
    await payOnSandbox(shop, second.paymentId);

    expect((await order(placed.body.orderNo)).status).toBe('delivered');
    const duplicates = await shop.dataSource.query(`SELECT payment_id, outcome FROM orders.duplicate_payments`);
    expect(duplicates).toEqual([{ payment_id: second.paymentId, outcome: 'refunded' }]);
    const [secondRow] = await shop.dataSource.query(`SELECT status FROM payments.payments WHERE id = $1`, [second.paymentId]);
    expect(secondRow.status).toBe('refunded');
    expect(await outboxCount('orders.order.duplicate-payment')).toBe(1);
    expect((await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.sales`))[0].n).toBe(1);
  });

  it('opens the payment on the next channel when the preferred one fails', async () => {
    await createChannel(shop, owner, { code: 'primary', priority: 1, settings: { failureRate: 1 } });
    await createChannel(shop, owner, { code: 'secondary', priority: 2 });
    const { goodsId } = await goodsWithKeys(shop, owner, 3);
    const placed = await placeOrder(shop, { goodsId, channel: 'primary' });
    expect(placed.status).toBe(201);
    expect(placed.body.payment.channel).toBe('secondary');
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect((await order(placed.body.orderNo)).status).toBe('delivered');
  });

  it('answers 503 and leaves nothing behind when no channel can take the payment', async () => {
    await createChannel(shop, owner, { code: 'broken', priority: 1, settings: { failureRate: 1 } });
    const { goodsId } = await goodsWithKeys(shop, owner, 2);
    const res = await placeOrder(shop, { goodsId });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('no_payment_channel');
    expect((await shop.dataSource.query(`SELECT count(*)::int AS n FROM orders.orders`))[0].n).toBe(0);
    expect((await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.keys WHERE status <> 'available'`))[0].n).toBe(0);
  });

  it('still delivers, once, when the process dies between settling the payment and delivering', async () => {
    await createChannel(shop, owner, { code: 'sandbox', priority: 1 });
    const { goodsId } = await goodsWithKeys(shop, owner, 2);
    const placed = await placeOrder(shop, { goodsId });
    // The first attempt to mark the order paid dies mid-transaction (a sequence is not rolled back,
    // so only the first attempt fails), as a crash would after the payment settled.
    await shop.dataSource.query(`DROP SEQUENCE IF EXISTS orders.crash_seq`);
    await shop.dataSource.query(`CREATE SEQUENCE orders.crash_seq`);
    await shop.dataSource.query(`
      CREATE OR REPLACE FUNCTION orders.crash_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('orders.crash_seq') = 1 THEN RAISE EXCEPTION 'simulated crash after settlement'; END IF;
        RETURN NEW;
      END $$`);
    await shop.dataSource.query(
      `CREATE TRIGGER crash_once BEFORE UPDATE ON orders.orders FOR EACH ROW WHEN (NEW.status = 'paid') EXECUTE FUNCTION orders.crash_once()`,
    );

    await payOnSandbox(shop, placed.body.payment.paymentId);

    const [payment] = await shop.dataSource.query(`SELECT status FROM payments.payments WHERE id = $1`, [placed.body.payment.paymentId]);
    expect(payment.status).toBe('succeeded');
    expect((await shop.dataSource.query(`SELECT last_value FROM orders.crash_seq`))[0].last_value).toBeGreaterThanOrEqual(2);
    expect((await order(placed.body.orderNo)).status).toBe('delivered');
    expect(await outboxCount('orders.order.paid')).toBe(1);
    expect((await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.sales`))[0].n).toBe(1);
    expect((await lookup(shop, placed.body.orderNo)).body.keys).toHaveLength(1);
  });
});
