import { FixedClock } from '../../src/platform/clock/clock';
import { bearer, resetPlatformTables, createTestApp, TestApp } from '../support/test-app';
import { createActivity, createCoupon, resetPromotions, WINDOW } from './promotions-helpers';

/** The marketing team's API: campaigns configured, checked, audited, tried on a sample cart first. */
describe('promotions admin', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let marketing: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetPromotions(shop);
    marketing = await shop.adminToken('marketing');
  });
  afterAll(() => shop.close());

  const post = (url: string, body: unknown) => shop.http().post(url).set(bearer(marketing)).send(body as object);

  it('refuses bad activities and coupons with 400 and stores nothing', async () => {
    const activity = { name: 'A', ...WINDOW, rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 10_000, offMinor: 1_000 }] } };
    const badActivities: Array<Record<string, unknown>> = [
      { ...activity, rule: { kind: 'bogus' } },
      { ...activity, rule: { kind: 'full_reduction', tiers: [] } },
      { ...activity, rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 1_000, offMinor: 2_000 }] } },
      { ...activity, rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 100.5, offMinor: 10 }] } },
      { ...activity, rule: { kind: 'tiered_quantity', tiers: [{ minQuantity: 2, percentOff: 101 }] } },
      { ...activity, rule: { kind: 'flash_sale', unitPriceMinor: 100, quantityLimit: 0, perBuyerLimit: null } },
      { ...activity, rule: { kind: 'nth_item', nth: 1, percentOff: 50 } },
      { ...activity, rule: { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 10, unitPriceMinor: 100 }] } },
      { ...activity, endsAt: WINDOW.startsAt },
      { ...activity, scope: { goodsIds: ['not-a-uuid'] } },
      { ...activity, extra: true },
    ];
    for (const body of badActivities) {
      const res = await post('/admin/promotions/activities', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const coupon = { name: 'C', code: 'GOOD', ...WINDOW, rule: { kind: 'fixed', offMinor: 100, minSpendMinor: 0, stacksWithActivities: true } };
    const badCoupons: Array<Record<string, unknown>> = [
      { ...coupon, code: 'no spaces' },
      { ...coupon, rule: { kind: 'percent', percentOff: 0, minSpendMinor: 0, stacksWithActivities: true } },
      { ...coupon, rule: { kind: 'fixed', offMinor: -1, minSpendMinor: 0, stacksWithActivities: true } },
      { ...coupon, totalLimit: 0 },
    ];
    for (const body of badCoupons) {
      const res = await post('/admin/promotions/coupons', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await shop.dataSource.query(`SELECT id FROM promotions.activities UNION ALL SELECT id FROM promotions.coupons`)).toEqual([]);

    await createCoupon(shop, marketing, { code: 'TAKEN', rule: coupon.rule });
    const dup = await post('/admin/promotions/coupons', { ...coupon, code: 'taken' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('coupon_code_taken');
  });

  it('lets marketing and the owner in, nobody else', async () => {
    for (const role of ['support', 'operator', 'finance']) {
      const token = await shop.adminToken(role);
      expect((await shop.http().get('/admin/promotions/activities').set(bearer(token))).status).toBe(403);
      expect((await shop.http().post('/admin/promotions/coupons').set(bearer(token)).send({})).status).toBe(403);
    }
    expect((await shop.http().get('/admin/promotions/coupons').set(bearer(await shop.adminToken('owner')))).status).toBe(200);
    expect((await shop.http().get('/admin/promotions/coupons')).status).toBe(401);
  });

  it('pauses and edits an activity (audited); a flash sale limit cannot go below what is taken; the kind cannot change', async () => {
    const sale = await createActivity(shop, marketing, { rule: { kind: 'flash_sale', unitPriceMinor: 100, quantityLimit: 10, perBuyerLimit: 1 } });
    await shop.dataSource.query(`UPDATE promotions.activities SET flash_units_taken = 4 WHERE id = $1`, [sale.id]);
    const patch = (body: Record<string, unknown>) => shop.http().patch(`/admin/promotions/activities/${sale.id}`).set(bearer(marketing)).send(body);

    expect((await patch({ rule: { kind: 'flash_sale', unitPriceMinor: 100, quantityLimit: 3, perBuyerLimit: 1 } })).status).toBe(409);
    expect((await patch({ rule: { kind: 'nth_item', nth: 2, percentOff: 50 } })).status).toBe(400);
    const paused = await patch({ active: false });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ active: false, flashUnitsTaken: 4, flashUnitsLeft: 6 });
    const audit = await shop.http().get('/admin/audit-log?targetType=promotion-activity').set(bearer(await shop.adminToken('owner')));
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['promotions.activity.create', 'promotions.activity.update']);
  });

  it('generates a batch of distinct codes and lists it', async () => {
    const res = await post('/admin/promotions/coupons/generate', {
      name: 'Newsletter',
      prefix: 'nl-',
      count: 500,
      ...WINDOW,
      rule: { kind: 'percent', percentOff: 15, maxOffMinor: 2_000, minSpendMinor: 0, stacksWithActivities: false },
      totalLimit: 1,
    });
    expect(res.status).toBe(201);
    expect(res.body.count).toBe(500);
    expect(new Set(res.body.codes).size).toBe(500);
    for (const code of res.body.codes) expect(code).toMatch(/^NL-[A-Z2-9]{10}$/);
    const listed = await shop.http().get(`/admin/promotions/coupons?batchId=${res.body.batchId}&limit=10`).set(bearer(marketing));
    expect(listed.body.total).toBe(500);
    expect(listed.body.items[0]).toMatchObject({ totalLimit: 1, usesTaken: 0, usesLeft: 1, batchId: res.body.batchId });
  });

  it('previews a draft campaign on a sample cart with the amounts and the reasons, changing nothing', async () => {
    await createCoupon(shop, marketing, { code: 'MIN300', rule: { kind: 'fixed', offMinor: 1_000, minSpendMinor: 30_000, stacksWithActivities: true } });
    const res = await post('/admin/promotions/preview', {
      currency: 'CNY',
      lines: [
        { goodsId: 'g1', quantity: 2, unitPriceMinor: 6_000 },
        { goodsId: 'g2', quantity: 1, unitPriceMinor: 8_000 },
      ],
      couponCode: 'min300',
      activities: [{ name: 'Draft 满减', ...WINDOW, rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 20_000, offMinor: 3_000 }] } }],
    });
    expect(res.status).toBe(200);
    // 12,000 + 8,000 = 20,000 reaches the tier: 3,000 off, split 12,000:8,000 → 1,800 and 1,200.
    expect(res.body.totalAdjustmentMinor).toBe(-3_000);
    expect(res.body.adjustments).toEqual([
      expect.objectContaining({ lineId: 'line-1', amountMinor: -1_800, source: 'activity:draft-1' }),
      expect.objectContaining({ lineId: 'line-2', amountMinor: -1_200, source: 'activity:draft-1' }),
    ]);
    expect(res.body.couponApplied).toBeNull();
    expect(res.body.skipped).toEqual([expect.objectContaining({ source: 'coupon:MIN300', reason: expect.stringContaining('minimum spend') })]);
    expect(await shop.dataSource.query(`SELECT id FROM promotions.activities`)).toEqual([]);
  });
});
