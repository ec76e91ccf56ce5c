import { ExpireUnpaidOrders } from '../../src/modules/orders/jobs/expire-unpaid';
import { FixedClock } from '../../src/platform/clock/clock';
import { bearer, goodsWithKeys, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { couponUses, createActivity, createCoupon, flashTaken, holdStatus, resetPromotions } from './promotions-helpers';

/**
 * Promotions at checkout, over HTTP with the real database and workers: worked examples with exact
 * amounts, coupon holds (held → consumed / given back), limits under real parallel requests.
 */
describe('promotions at checkout', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let owner: string;
  let marketing: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetPromotions(shop);
    owner = await shop.adminToken('owner');
    marketing = await shop.adminToken('marketing');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  const outboxTypes = async (prefix: string) =>
    (await shop.dataSource.query(`SELECT type FROM platform.outbox WHERE type LIKE $1 ORDER BY seq`, [`${prefix}%`])).map((r: { type: string }) => r.type);

  it('applies 满减 then a coupon with exact amounts, stores them on the order, holds the coupon and consumes it on payment', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 5); // 100.00 each
    const fullReduction = await createActivity(shop, marketing, {
      name: 'Spend more',
      rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 10_000, offMinor: 1_000 }, { thresholdMinor: 20_000, offMinor: 2_500 }] },
    });
    await createCoupon(shop, marketing, {
      code: 'take5',
      rule: { kind: 'fixed', offMinor: 500, minSpendMinor: 15_000, stacksWithActivities: true },
      totalLimit: 10,
    });

    // 2 × 100.00 = 200.00; the 200.00 tier takes 25.00 off; the coupon's minimum (150.00) is judged on 175.00 → 5.00 off.
    const quote = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 2, couponCode: 'TAKE5' });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ subtotalMinor: 20_000, adjustmentMinor: -3_000, totalMinor: 17_000, couponCode: 'TAKE5' });
    expect(await couponUses(shop, 'TAKE5')).toBe(0); // a quote takes nothing

    const placed = await placeOrder(shop, { goodsId, quantity: 2, couponCode: 'take5' });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ subtotalMinor: 20_000, adjustmentMinor: -3_000, totalMinor: 17_000, promotionNote: null });
    expect(placed.body.adjustments).toEqual([
      expect.objectContaining({ amountMinor: -2_500, source: `activity:${fullReduction.id}` }),
      expect.objectContaining({ amountMinor: -500, source: 'coupon:TAKE5' }),
    ]);
    const [stored] = await shop.dataSource.query(`SELECT total_minor, adjustments FROM orders.orders WHERE id = $1`, [placed.body.orderId]);
    expect(stored.total_minor).toBe(17_000);
    expect(stored.adjustments).toHaveLength(2);
    expect(await holdStatus(shop, placed.body.orderId)).toBe('held');
    expect(await couponUses(shop, 'TAKE5')).toBe(1);

    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect(await holdStatus(shop, placed.body.orderId)).toBe('consumed');
    expect(await couponUses(shop, 'TAKE5')).toBe(1);
    expect(await outboxTypes('promotions.')).toEqual(['promotions.coupon.redeemed']);
  });

  it('refuses an unknown, used-up or inapplicable coupon with a clear error and leaves nothing behind', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 3);
    await createCoupon(shop, marketing, { code: 'BIGSPEND', rule: { kind: 'fixed', offMinor: 1_000, minSpendMinor: 50_000, stacksWithActivities: true } });
    const cases: Array<[string, number, string]> = [
      ['NOSUCHCODE', 404, 'coupon_not_found'],
      ['BIGSPEND', 422, 'coupon_not_applicable'],
    ];
    for (const [couponCode, status, code] of cases) {
      const res = await placeOrder(shop, { goodsId, quantity: 1, couponCode });
      expect({ couponCode, status: res.status, code: res.body.error?.code }).toEqual({ couponCode, status, code });
    }
    expect(await shop.dataSource.query(`SELECT id FROM orders.orders`)).toEqual([]);
    expect(await couponUses(shop, 'BIGSPEND')).toBe(0);
    const stock = await shop.http().get(`/api/goods/${goodsId}`);
    expect(stock.body.stock).toBe(3);
  });

  it('lets exactly 3 of 20 parallel orders use a 3-use coupon; the others are refused and leave nothing', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 20);
    await createCoupon(shop, marketing, { code: 'THREE', rule: { kind: 'percent', percentOff: 10, minSpendMinor: 0, stacksWithActivities: true }, totalLimit: 3 });

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => placeOrder(shop, { goodsId, quantity: 1, couponCode: 'THREE', contact: `buyer${i}@example.com` })),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(3);
    for (const r of ok) expect(r.body).toMatchObject({ totalMinor: 9_000, adjustmentMinor: -1_000 });
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => `${r.status} ${r.body.error?.code}`)).toEqual(Array(17).fill('409 coupon_used_up'));
    expect(await couponUses(shop, 'THREE')).toBe(3);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM orders.orders`)).toEqual([{ n: 3 }]);
    expect((await shop.http().get(`/api/goods/${goodsId}`)).body.stock).toBe(17);
  });

  it('gives a held coupon back when the order expires, so another buyer can use it; a refund returns a consumed one', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 5);
    await createCoupon(shop, marketing, { code: 'ONCE', rule: { kind: 'fixed', offMinor: 300, minSpendMinor: 0, stacksWithActivities: true }, totalLimit: 1 });

    const first = await placeOrder(shop, { goodsId, couponCode: 'ONCE', contact: 'first@example.com' });
    expect(first.status).toBe(201);
    const second = await placeOrder(shop, { goodsId, couponCode: 'ONCE', contact: 'second@example.com' });
    expect(second.status).toBe(409);

    clock.advance(16 * 60_000);
    await shop.app.get(ExpireUnpaidOrders).run();
    await drainEvents(shop.app);
    expect(await holdStatus(shop, first.body.orderId)).toBe('released');
    expect(await couponUses(shop, 'ONCE')).toBe(0);

    const third = await placeOrder(shop, { goodsId, couponCode: 'ONCE', contact: 'second@example.com' });
    expect(third.status).toBe(201);
    expect(third.body.totalMinor).toBe(9_700);
    await payOnSandbox(shop, third.body.payment.paymentId);
    expect(await holdStatus(shop, third.body.orderId)).toBe('consumed');

    const refund = await shop
      .http()
      .post(`/admin/orders/${third.body.orderId}/refund`)
      .set(bearer(owner))
      .send({ reason: 'buyer changed their mind' });
    expect(refund.status).toBeLessThan(300);
    await drainEvents(shop.app);
    expect(await holdStatus(shop, third.body.orderId)).toBe('refunded');
    expect(await couponUses(shop, 'ONCE')).toBe(0);
  });

  it('holds a buyer (by contact, case and spaces ignored) to a coupon\'s per-buyer limit', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 5);
    await createCoupon(shop, marketing, { code: 'ONEEACH', rule: { kind: 'fixed', offMinor: 100, minSpendMinor: 0, stacksWithActivities: true }, perBuyerLimit: 1 });
    expect((await placeOrder(shop, { goodsId, couponCode: 'ONEEACH', contact: 'fan@example.com' })).status).toBe(201);
    const again = await placeOrder(shop, { goodsId, couponCode: 'ONEEACH', contact: ' FAN@example.com' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'coupon_used_up', details: { limit: 'per_buyer' } });
    expect((await placeOrder(shop, { goodsId, couponCode: 'ONEEACH', contact: 'friend@example.com' })).status).toBe(201);
    expect(await couponUses(shop, 'ONEEACH')).toBe(2);
  });

  it('never sells more flash-sale units than the limit under parallel orders, and gets them back on expiry', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 20);
    const sale = await createActivity(shop, marketing, {
      name: 'Midnight flash',
      scope: { goodsIds: [goodsId] },
      rule: { kind: 'flash_sale', unitPriceMinor: 5_000, quantityLimit: 5, perBuyerLimit: null },
    });

    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => placeOrder(shop, { goodsId, quantity: 1, contact: `fan${i}@example.com` })));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const totals = results.map((r) => r.body.totalMinor as number).sort((a, b) => a - b);
    // Five buyers got the flash price; once the units were gone, the others pay the list price.
    expect(totals).toEqual([...Array(5).fill(5_000), ...Array(7).fill(10_000)]);
    expect(await flashTaken(shop, sale.id)).toBe(5);
    const view = await shop.http().get(`/admin/promotions/activities/${sale.id}`).set(bearer(marketing));
    expect(view.body).toMatchObject({ flashUnitsTaken: 5, flashUnitsLeft: 0 });

    clock.advance(16 * 60_000);
    await shop.app.get(ExpireUnpaidOrders).run();
    await drainEvents(shop.app);
    expect(await flashTaken(shop, sale.id)).toBe(0);
  });

  it('holds a buyer to the per-buyer flash-sale limit', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 10);
    await createActivity(shop, marketing, { rule: { kind: 'flash_sale', unitPriceMinor: 1_000, quantityLimit: 100, perBuyerLimit: 2 } });
    const first = await placeOrder(shop, { goodsId, quantity: 3, contact: 'greedy@example.com' });
    // 2 units at 10.00 and 1 at 100.00.
    expect(first.body.totalMinor).toBe(2 * 1_000 + 10_000);
    const again = await placeOrder(shop, { goodsId, quantity: 1, contact: 'GREEDY@example.com ' });
    expect(again.body.totalMinor).toBe(10_000);
    const other = await placeOrder(shop, { goodsId, quantity: 1, contact: 'other@example.com' });
    expect(other.body.totalMinor).toBe(1_000);
  });
});
