import { KeyAllocator } from '../../src/modules/card-keys/allocation/key-allocator';
import { ExpireUnpaidOrders } from '../../src/modules/orders/jobs/expire-unpaid';
import { FixedClock } from '../../src/platform/clock/clock';
import { importKeys } from '../card-keys/vault-helpers';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, goodsWithKeys, lookup, payOnSandbox, placeOrder, resetShop, sandboxChannel } from './buy-flow-helpers';

describe('the buy flow', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock, env: { ORDER_LOOKUP_MAX_FAILURES: '5' } });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  const orderStatus = async (orderNo: string) =>
    (await shop.dataSource.query(`SELECT status FROM orders.orders WHERE order_no = $1`, [orderNo]))[0]?.status;

  it('lists goods, places an order, pays on the sandbox and shows the keys only with the right password', async () => {
    const { goodsId, secrets } = await goodsWithKeys(shop, owner, 3);
    const listing = await shop.http().get('/api/goods');
    expect(listing.body.items.find((g: { id: string }) => g.id === goodsId)).toMatchObject({ stock: 3 });

    const placed = await placeOrder(shop, { goodsId, quantity: 2 }, 'checkout-1');
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'pending_payment', totalMinor: 20_000, currency: 'CNY', quantity: 2 });
    expect(placed.body.payment.payUrl).toContain(`/api/payments/sandbox/pay/${placed.body.payment.paymentId}`);
    const replay = await placeOrder(shop, { goodsId, quantity: 2 }, 'checkout-1');
    expect(replay.body.orderNo).toBe(placed.body.orderNo);

    const before = await lookup(shop, placed.body.orderNo);
    expect(before.body).toMatchObject({ status: 'pending_payment', keys: [] });

    await payOnSandbox(shop, placed.body.payment.paymentId);

    const after = await lookup(shop, placed.body.orderNo);
    expect(after.status).toBe(200);
    expect(after.body.status).toBe('delivered');
    expect(after.body.keys).toHaveLength(2);
    for (const k of after.body.keys) expect(secrets).toContain(k.secret);

    const wrong = await lookup(shop, placed.body.orderNo, 'not-the-password');
    expect(wrong.status).toBe(404);
    expect(JSON.stringify(wrong.body)).not.toContain(after.body.keys[0].secret);
    const wrongContact = await lookup(shop, placed.body.orderNo, 'open-sesame', 'someone@else.com');
    expect(wrongContact.status).toBe(404);

    const events = (await shop.dataSource.query(`SELECT type FROM platform.outbox WHERE type LIKE 'orders.%' ORDER BY seq`)).map(
      (e: { type: string }) => e.type,
    );
    expect(events).toEqual(['orders.order.placed', 'orders.order.paid', 'orders.order.delivered']);
  });

  it('stops answering lookups after too many wrong passwords', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await lookup(shop, placed.body.orderNo, `guess-${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    expect((await lookup(shop, placed.body.orderNo)).status).toBe(429);
  });

  it('refuses an order when out of stock with 409 and leaves nothing behind', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const res = await placeOrder(shop, { goodsId, quantity: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('out_of_stock');
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM orders.orders`);
    expect(n).toBe(0);
    const [{ p }] = await shop.dataSource.query(`SELECT count(*)::int AS p FROM payments.payments`);
    expect(p).toBe(0);
    const [{ reserved }] = await shop.dataSource.query(`SELECT count(*)::int AS reserved FROM card_keys.keys WHERE status <> 'available'`);
    expect(reserved).toBe(0);
  });

  it('refuses bad orders with the right status', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 5, { maxPerOrder: 3 });
    expect((await placeOrder(shop, { goodsId, quantity: 4 })).status).toBe(422);
    expect((await placeOrder(shop, { goodsId, quantity: 0 })).status).toBe(400);
    expect((await placeOrder(shop, { goodsId, contact: '' })).status).toBe(400);
    expect((await placeOrder(shop, { goodsId: '3b241101-e2bb-4255-8caf-4136c566a962' })).status).toBe(404);
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM orders.orders`);
    expect(n).toBe(0);
  });

  it('sells 100 keys to 500 concurrent buyers: 100 orders, distinct keys once paid, 409 for the rest', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 100);
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => placeOrder(shop, { goodsId, contact: `buyer${i}@example.com` })),
    );
    const placed = results.filter((r) => r.status === 201);
    expect(placed).toHaveLength(100);
    expect(results.filter((r) => r.status === 409)).toHaveLength(400);
    for (const order of placed) {
      await shop.http().post(`/api/payments/sandbox/pay/${order.body.payment.paymentId}`).type('form').send({});
    }
    await drainEvents(shop.app);
    const sold = await shop.dataSource.query(
      `SELECT s.key_id, s.order_id FROM card_keys.sales s WHERE s.goods_id = $1 AND s.replaced_at IS NULL`,
      [goodsId],
    );
    expect(sold).toHaveLength(100);
    expect(new Set(sold.map((s: { key_id: string }) => s.key_id)).size).toBe(100);
    const [{ delivered }] = await shop.dataSource.query(`SELECT count(*)::int AS delivered FROM orders.orders WHERE status = 'delivered'`);
    expect(delivered).toBe(100);
  }, 120_000);

  it('expires unpaid orders and gives their keys back', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId });
    expect((await placeOrder(shop, { goodsId })).status).toBe(409);
    clock.advance(16 * 60_000);
    expect(await shop.app.get(ExpireUnpaidOrders).run()).toBe(1);
    expect(await orderStatus(placed.body.orderNo)).toBe('expired');
    expect((await placeOrder(shop, { goodsId })).status).toBe(201);
  });

  it('delivers a late payment on an expired order when stock exists', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 2);
    const placed = await placeOrder(shop, { goodsId });
    clock.advance(16 * 60_000);
    await shop.app.get(ExpireUnpaidOrders).run();
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect(await orderStatus(placed.body.orderNo)).toBe('delivered');
    expect((await lookup(shop, placed.body.orderNo)).body.keys).toHaveLength(1);
  });

  it('parks a late payment without stock as paid_awaiting_stock, then delivers it on restock', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const late = await placeOrder(shop, { goodsId });
    clock.advance(16 * 60_000);
    await shop.app.get(ExpireUnpaidOrders).run();
    const other = await placeOrder(shop, { goodsId, contact: 'other@example.com' }); // takes the only key
    expect(other.status).toBe(201);
    await payOnSandbox(shop, late.body.payment.paymentId);
    expect(await orderStatus(late.body.orderNo)).toBe('paid_awaiting_stock');

    await importKeys(shop, owner, goodsId, ['RESTOCKED-KEY-1']);
    await drainEvents(shop.app);
    expect(await orderStatus(late.body.orderNo)).toBe('delivered');
    expect((await lookup(shop, late.body.orderNo)).body.keys.map((k: { secret: string }) => k.secret)).toEqual(['RESTOCKED-KEY-1']);
  });

  it('lets an admin confirm, re-send, replace and refund, each audited with a reason', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 3);
    const placed = await placeOrder(shop, { goodsId });
    const id = placed.body.orderId;
    const confirm = await shop.http().post(`/admin/orders/${id}/confirm-payment`).set(bearer(owner)).send({ reason: 'bank transfer seen', providerTxnId: 'BANK-778' });
    expect(confirm.status).toBe(200);
    await drainEvents(shop.app);
    expect(await orderStatus(placed.body.orderNo)).toBe('delivered');

    const resent = await shop.http().post(`/admin/orders/${id}/resend`).set(bearer(owner)).send({ reason: 'buyer lost the mail' });
    expect(resent.body.keys).toHaveLength(1);
    const replaced = await shop
      .http()
      .post(`/admin/orders/${id}/replace-key`)
      .set(bearer(owner))
      .send({ reason: 'key reported invalid', keyId: resent.body.keys[0].keyId });
    expect(replaced.status).toBe(200);
    expect(replaced.body.key.keyId).not.toBe(resent.body.keys[0].keyId);
    expect((await lookup(shop, placed.body.orderNo)).body.keys[0].keyId).toBe(replaced.body.key.keyId);

    const refund = await shop.http().post(`/admin/orders/${id}/refund`).set(bearer(owner)).send({ reason: 'goodwill' });
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    const audit = (await shop.dataSource.query(`SELECT action FROM platform.audit_log WHERE target_id = $1 ORDER BY at`, [id])).map(
      (a: { action: string }) => a.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['orders.confirm-payment', 'orders.resend-keys', 'orders.replace-key', 'orders.refund']));
    const noReason = await shop.http().post(`/admin/orders/${id}/cancel`).set(bearer(owner)).send({});
    expect(noReason.status).toBe(400);
    const support = await shop.adminToken('support');
    expect((await shop.http().post(`/admin/orders/${id}/refund`).set(bearer(support)).send({ reason: 'nope nope' })).status).toBe(403);
  });

  it('keeps the reservation safe from the sweeper while the order is being paid', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId });
    expect(await shop.app.get(KeyAllocator).releaseLapsed()).toBe(0);
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect(await orderStatus(placed.body.orderNo)).toBe('delivered');
  });
});
