import { assignVariant } from '../../src/modules/promotions/domain/experiments/bucketing';
import { bucketingSeed } from '../../src/modules/promotions/domain/experiments/experiment-rules';
import { FixedClock } from '../../src/platform/clock/clock';
import { bearer, goodsWithKeys, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { createActivity, resetPromotions } from './promotions-helpers';

/**
 * An A/B experiment end to end: variant B's visitors get a 满减 campaign, control's do not; the
 * variant is the GrowthBook hash of seed and visitor, sticky once exposed, the same at quote time
 * and at payment; exposures and conversions feed the report.
 */
describe('A/B experiments on promotions', () => {
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

  const admin = () => ({ post: (url: string) => shop.http().post(url).set(bearer(marketing)), patch: (url: string) => shop.http().patch(url).set(bearer(marketing)) });

  async function experimentWithCampaign() {
    const campaign = await createActivity(shop, marketing, {
      name: 'B: 满100减20',
      rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 10_000, offMinor: 2_000 }] },
    });
    const created = await admin()
      .post('/admin/promotions/experiments')
      .send({
        key: 'fullreduction-test',
        name: 'Does 满减 sell more?',
        variants: [
          { key: 'control', name: 'List price', weight: 50, isControl: true },
          { key: 'b', name: '满100减20', weight: 50, activityIds: [campaign.id] },
        ],
      });
    expect(created.status).toBe(201);
    return { experimentId: created.body.id as string, campaignId: campaign.id };
  }

  /** Visitors the hash puts in each variant (computed with the same public function the shop uses). */
  function visitorsByVariant(phase = 1) {
    const byVariant: Record<'control' | 'b', string[]> = { control: [], b: [] };
    for (let i = 0; byVariant.control.length < 3 || byVariant.b.length < 3; i += 1) {
      const visitorId = `visitor-${i.toString().padStart(4, '0')}`;
      const index = assignVariant({ experimentKey: 'fullreduction-test', seed: bucketingSeed({ experimentKey: 'fullreduction-test', phase }), visitorId, weights: [50, 50], coverage: 1 });
      byVariant[index === 0 ? 'control' : 'b'].push(visitorId);
    }
    return byVariant;
  }

  it('shows variant B its campaign, control none, records exposures and conversions, and reports per variant', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 10);
    const { experimentId } = await experimentWithCampaign();
    const visitors = visitorsByVariant();

    // A draft decides nothing yet: the campaign is live for everybody, as configured.
    const draftQuote = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, visitorId: visitors.control[0] });
    expect(draftQuote.body.totalMinor).toBe(8_000);

    expect((await admin().post(`/admin/promotions/experiments/${experimentId}/start`)).status).toBe(200);

    const quoteFor = async (visitorId: string) => (await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, visitorId })).body.totalMinor;
    expect(await quoteFor(visitors.control[0])).toBe(10_000);
    expect(await quoteFor(visitors.b[0])).toBe(8_000);
    // Sticky: the same visitor, again.
    expect(await quoteFor(visitors.b[0])).toBe(8_000);
    // No visitor id: the control experience, and no exposure.
    expect((await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1 })).body.totalMinor).toBe(10_000);

    // B's visitor places and pays; control's visitor places and pays; another B visitor only looks.
    const bOrder = await placeOrder(shop, { goodsId, visitorId: visitors.b[0], contact: 'b@example.com' });
    expect(bOrder.body.totalMinor).toBe(8_000);
    const controlOrder = await placeOrder(shop, { goodsId, visitorId: visitors.control[0], contact: 'c@example.com' });
    expect(controlOrder.body.totalMinor).toBe(10_000);
    await quoteFor(visitors.b[1]);
    await payOnSandbox(shop, bOrder.body.payment.paymentId);
    await payOnSandbox(shop, controlOrder.body.payment.paymentId);

    const report = await shop.http().get(`/admin/promotions/experiments/${experimentId}/report`).set(bearer(marketing));
    expect(report.status).toBe(200);
    const byKey = Object.fromEntries(report.body.variants.map((v: { key: string }) => [v.key, v]));
    expect(byKey.control).toMatchObject({ visitors: 1, orders: 1, paidOrders: 1, revenueMinor: 10_000, conversionRate: 1, isControl: true });
    expect(byKey.b).toMatchObject({ visitors: 2, orders: 1, paidOrders: 1, revenueMinor: 8_000, conversionRate: 0.5, upliftVsControl: -0.5 });
    expect(byKey.b.pValue).toEqual(expect.any(Number));
    expect(report.body.srm).toEqual({ pValue: expect.any(Number), mismatch: false });

    const events = (await shop.dataSource.query(`SELECT type, count(*)::int AS n FROM platform.outbox WHERE type LIKE 'promotions.experiment.%' GROUP BY type ORDER BY type`));
    expect(events).toEqual([
      { type: 'promotions.experiment.converted', n: 2 },
      { type: 'promotions.experiment.exposed', n: 3 },
    ]);
  });

  it('keeps a visitor in the variant first shown, even after the weights move in a new phase, until that phase re-buckets', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 3);
    const { experimentId } = await experimentWithCampaign();
    await admin().post(`/admin/promotions/experiments/${experimentId}/start`);
    const visitor = visitorsByVariant().b[0];
    expect((await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, visitorId: visitor })).body.totalMinor).toBe(8_000);

    const locked = await admin()
      .patch(`/admin/promotions/experiments/${experimentId}`)
      .send({ variants: [{ key: 'control', name: 'List price', weight: 100, isControl: true }, { key: 'b', name: 'B', weight: 0, activityIds: [] }] });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('experiment_allocation_locked');
    expect((await shop.http().get(`/admin/promotions/experiments/${experimentId}`).set(bearer(marketing))).body.phase).toBe(1);

    const campaignId = (await shop.dataSource.query(`SELECT id FROM promotions.activities`))[0].id;
    const newPhase = await admin()
      .patch(`/admin/promotions/experiments/${experimentId}`)
      .send({
        newPhase: true,
        variants: [
          { key: 'control', name: 'List price', weight: 100, isControl: true },
          { key: 'b', name: 'B', weight: 0, activityIds: [campaignId] },
        ],
      });
    expect(newPhase.status).toBe(200);
    expect(newPhase.body.phase).toBe(2);
    // Phase 2 sends everyone to control: the visitor is re-bucketed once.
    expect((await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, visitorId: visitor })).body.totalMinor).toBe(10_000);
  });

  it('refuses bad experiments and bad transitions, and only marketing (or the owner) may run them', async () => {
    const bad: Array<Record<string, unknown>> = [
      { key: 'x1', name: 'one variant', variants: [{ key: 'control', name: 'C', weight: 1, isControl: true }] },
      { key: 'x2', name: 'no control', variants: [{ key: 'a', name: 'A', weight: 1 }, { key: 'b', name: 'B', weight: 1 }] },
      { key: 'x3', name: 'coverage', coverage: 1.5, variants: [{ key: 'a', name: 'A', weight: 1, isControl: true }, { key: 'b', name: 'B', weight: 1 }] },
      { key: 'x4', name: 'ghost activity', variants: [{ key: 'a', name: 'A', weight: 1, isControl: true }, { key: 'b', name: 'B', weight: 1, activityIds: ['5b0f3c1e-6a43-4d7b-9a56-0c4f8f3c9d11'] }] },
    ];
    for (const body of bad) {
      const res = await admin().post('/admin/promotions/experiments').send(body);
      expect({ key: body.key, status: res.status }).toEqual({ key: body.key, status: 400 });
    }
    expect(await shop.dataSource.query(`SELECT id FROM promotions.experiments`)).toEqual([]);

    const { experimentId } = await experimentWithCampaign();
    expect((await admin().post(`/admin/promotions/experiments/${experimentId}/pause`)).status).toBe(422);
    expect((await admin().post(`/admin/promotions/experiments/${experimentId}/start`)).status).toBe(200);
    expect((await admin().post(`/admin/promotions/experiments/${experimentId}/stop`)).status).toBe(200);
    expect((await admin().post(`/admin/promotions/experiments/${experimentId}/resume`)).status).toBe(422);

    const support = await shop.adminToken('support');
    expect((await shop.http().get('/admin/promotions/experiments').set(bearer(support))).status).toBe(403);
    expect((await shop.http().get('/admin/promotions/experiments').set(bearer(owner))).status).toBe(200);
  });
});
