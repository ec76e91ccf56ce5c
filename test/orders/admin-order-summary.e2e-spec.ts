import { FixedClock } from '../../src/platform/clock/clock';
import { bearer, createTestApp, resetPlatformTables, type TestApp } from '../support/test-app';
import { goodsWithKeys, payOnSandbox, placeOrder, resetShop, sandboxChannel } from './buy-flow-helpers';

/** GET /admin/orders/summary: the console dashboard's figures, from orders' own table. */
describe('admin order summary', () => {
  const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
    const { goodsId } = await goodsWithKeys(shop, owner, 10);
    const buy = async (contact: string, pay: boolean) => {
      const order = await placeOrder(shop, { goodsId, contact });
      if (pay) await payOnSandbox(shop, order.body.payment.paymentId);
      return order.body.orderId as string;
    };

    // 20:00 UTC on the 23rd is 04:00 on the 24th in China (UTC+8).
    await buy('a@example.com', true);
    clock.set(new Date('2026-11-24T10:00:00Z'));
    await buy('b@example.com', true);
    const refunded = await buy('c@example.com', true);
    await buy('d@example.com', false);
    const refund = await shop.http().post(`/admin/orders/${refunded}/refund`).set(bearer(owner)).send({ reason: 'goodwill' });
    expect(refund.status).toBe(200);
  });
  afterAll(() => shop.close());

  const summary = (query: string, token = owner) => shop.http().get(`/admin/orders/summary${query}`).set(bearer(token));

  it('counts placed and paid orders and sales per day, net of refunds', async () => {
    const res = await summary('?days=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
      days: 2,
      placed: 4,
      paidOfPlaced: 3,
      conversionRate: 0.75,
      sales: [{ currency: 'CNY', paidOrders: 3, grossMinor: 30_000, refundedOrders: 1, refundedMinor: 10_000, netMinor: 20_000 }],
    });
    expect(res.body.byDay).toEqual([
      { day: '2026-11-23', placed: 1, paidOfPlaced: 1, sales: [{ currency: 'CNY', grossMinor: 10_000, paidOrders: 1 }] },
      { day: '2026-11-24', placed: 3, paidOfPlaced: 2, sales: [{ currency: 'CNY', grossMinor: 20_000, paidOrders: 2 }] },
    ]);
  });

  it("cuts days where the admin's day begins", async () => {
    const utc = await summary('?days=1');
    expect(utc.body).toMatchObject({ placed: 3, paidOfPlaced: 2 });
    const china = await summary('?days=1&offsetMinutes=480');
    expect(china.body).toMatchObject({ from: '2026-11-23T16:00:00.000Z', to: '2026-11-24T16:00:00.000Z', placed: 4, paidOfPlaced: 3 });
    expect(china.body.byDay.map((d: { day: string }) => d.day)).toEqual(['2026-11-24']);
  });

  it('is for the roles that see orders, and refuses bad windows', async () => {
    expect((await summary('', await shop.adminToken('marketing'))).status).toBe(403);
    expect((await summary('', await shop.adminToken('support'))).status).toBe(200);
    for (const bad of ['?days=0', '?days=91', '?days=x', '?offsetMinutes=900', '?extra=1']) {
      expect((await summary(bad)).status).toBe(400);
    }
    // The route does not hide order detail: an order id still reaches GET /admin/orders/:orderId.
    const [{ id }] = await shop.dataSource.query(`SELECT id FROM orders.orders LIMIT 1`);
    expect((await shop.http().get(`/admin/orders/${id}`).set(bearer(owner))).status).toBe(200);
  });
});
