import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { HoldContext, PromotionsFacade } from '../../src/modules/promotions';
import { ReleaseStaleHolds } from '../../src/modules/promotions/jobs/release-stale-holds';
import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { couponUses, createCoupon, holdStatus, resetPromotions } from './promotions-helpers';

/** The hold's own rules, through the facade orders uses: idempotent, release-before-hold safe, swept when stale. */
describe('promotion holds', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetPromotions(shop);
    await createCoupon(shop, await shop.adminToken('marketing'), {
      code: 'HOLDME',
      rule: { kind: 'fixed', offMinor: 100, minSpendMinor: 0, stacksWithActivities: true },
      totalLimit: 5,
    });
  });
  afterAll(() => shop.close());

  const facade = <T>(call: (f: PromotionsFacade) => Promise<T>) => shop.app.get(ClsService).run(() => call(shop.app.get(PromotionsFacade)));
  const context = (orderId = randomUUID()): HoldContext => ({
    orderId,
    expiresAt: new Date('2026-11-24T12:15:00Z'),
    currency: 'CNY',
    lines: [{ lineId: 'line', goodsId: randomUUID(), categoryId: null, quantity: 1, unitPriceMinor: 1_000, lineTotalMinor: 1_000 }],
    couponCode: 'holdme',
    contact: 'buyer@example.com',
    at: clock.now(),
  });

  it('answers a retried hold with what the first one took, taking nothing twice', async () => {
    const ctx = context();
    const first = await facade((f) => f.holdForOrder(ctx));
    const again = await facade((f) => f.holdForOrder(ctx));
    expect(again).toEqual(first);
    expect(first.totalAdjustmentMinor).toBe(-100);
    expect(await couponUses(shop, 'HOLDME')).toBe(1);
  });

  it('refuses a hold that arrives after its release (checkout gave up on a slow promotions)', async () => {
    const ctx = context();
    await facade((f) => f.releaseOrder(ctx.orderId));
    await expect(facade((f) => f.holdForOrder(ctx))).rejects.toMatchObject({ code: 'promotion_hold_released' });
    expect(await couponUses(shop, 'HOLDME')).toBe(0);
    expect(await holdStatus(shop, ctx.orderId)).toBe('released');
  });

  it('gives back a released hold once, however often it is released', async () => {
    const ctx = context();
    await facade((f) => f.holdForOrder(ctx));
    await facade((f) => f.holdForOrder(context())); // another order's use, which must stay
    await Promise.all([1, 2, 3].map(() => facade((f) => f.releaseOrder(ctx.orderId))));
    expect(await couponUses(shop, 'HOLDME')).toBe(1);
  });

  it('sweeps holds whose order never came, 10 minutes after the payment window', async () => {
    const ctx = context();
    await facade((f) => f.holdForOrder(ctx));
    clock.set(new Date('2026-11-24T12:24:00Z'));
    expect(await shop.app.get(ReleaseStaleHolds).run()).toBe(0);
    clock.set(new Date('2026-11-24T12:26:00Z'));
    expect(await shop.app.get(ReleaseStaleHolds).run()).toBe(1);
    expect(await holdStatus(shop, ctx.orderId)).toBe('released');
    expect(await couponUses(shop, 'HOLDME')).toBe(0);
  });
});
