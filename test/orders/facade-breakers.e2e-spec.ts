import { randomUUID } from 'node:crypto';
import { MemberPricing, MembershipFacade } from '../../src/modules/membership';
import { HoldContext, PromotionsFacade, QuoteContext } from '../../src/modules/promotions';
import { PromotionsFacadeService } from '../../src/modules/promotions/promotions-facade.service';
import { MemberTokens } from '../../src/platform/auth/member-tokens';
import { FixedClock } from '../../src/platform/clock/clock';
import { createCoupon, resetPromotions } from '../promotions/promotions-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, goodsWithKeys, placeOrder, resetShop, sandboxChannel } from './buy-flow-helpers';

type Fault = 'none' | 'throws' | 'hangs';

/** Never settles: a module that hangs. */
const never = <T>() => new Promise<T>(() => undefined);

/**
 * Checkout guards its calls into promotions and membership with a timeout and a circuit breaker:
 * a broken module means list price (and a note on the order); once the breaker opens the module
 * is not called at all, and after the reset time one probe brings it back. The stand-ins count
 * every call that reaches the module; promotions' stand-in passes healthy calls to the real one.
 */
describe('checkout behind facade breakers', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  const promotions = {
    fault: 'none' as Fault,
    calls: 0,
    real: undefined as unknown as PromotionsFacade,
    reach<T>(call: () => Promise<T>): Promise<T> {
      this.calls += 1;
      if (this.fault === 'throws') return Promise.reject(new Error('promotions database unreachable'));
      if (this.fault === 'hangs') return never<T>();
      return call();
    },
    quote(context: QuoteContext) {
      return this.reach(() => this.real.quote(context));
    },
    holdForOrder(context: HoldContext) {
      return this.reach(() => this.real.holdForOrder(context));
    },
    releaseOrder(orderId: string) {
      return this.reach(() => this.real.releaseOrder(orderId));
    },
  };
  const membership = {
    fault: 'none' as Fault,
    calls: 0,
    levels: new Map<string, MemberPricing>(),
    pricingOf(memberId: string): Promise<MemberPricing> {
      this.calls += 1;
      if (this.fault === 'throws') return Promise.reject(new Error('membership database unreachable'));
      if (this.fault === 'hangs') return never();
      return Promise.resolve(this.levels.get(memberId) ?? { memberId, levelId: null, levelName: null, discountPercent: 0 });
    },
    profileOf: async () => null,
    findByEmail: async () => null,
  };
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({
      clock,
      env: {
        FACADE_BREAKER_MIN_CALLS: '3',
        FACADE_BREAKER_RESET_MS: '4000',
        PROMOTIONS_CALL_TIMEOUT_MS: '300',
        MEMBERSHIP_CALL_TIMEOUT_MS: '300',
      },
      overrides: [
        { provide: PromotionsFacade, useValue: promotions },
        { provide: MembershipFacade, useValue: membership },
      ],
    });
    promotions.real = shop.app.get(PromotionsFacadeService, { strict: false });
  });
  beforeEach(async () => {
    promotions.fault = 'none';
    membership.fault = 'none';
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetPromotions(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  /** The breaker's state as /metrics shows it: 0 closed, 1 half-open, 2 open. */
  const breakerState = async (dependency: string): Promise<number> => {
    const text = (await shop.http().get('/metrics')).text;
    const line = new RegExp(`^dependency_breaker_state\\{module="orders",dependency="${dependency}"\\} (\\d)$`, 'm').exec(text);
    if (!line) throw new Error(`no breaker state for ${dependency} in /metrics`);
    return Number(line[1]);
  };

  /** Polls (does not time) until the breaker reaches `state`; the reset time is the breaker's own timer. */
  const untilBreaker = async (dependency: string, state: number): Promise<void> => {
    for (let i = 0; i < 300; i += 1) {
      if ((await breakerState(dependency)) === state) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the ${dependency} breaker never reached state ${state}`);
  };

  const signIn = (memberId: string) => bearer(shop.app.get(MemberTokens).issue(memberId).accessToken);

  it.each(['throws', 'hangs'] as const)(
    'when promotions %s: list price with a note, then promotions is not called while the breaker is open, then a probe brings discounts back',
    async (fault) => {
      const marketing = await shop.adminToken('marketing');
      const { goodsId } = await goodsWithKeys(shop, owner, 5); // 100.00 each
      await createCoupon(shop, marketing, { code: 'TAKE10', rule: { kind: 'fixed', offMinor: 1_000, minSpendMinor: 0, stacksWithActivities: true }, totalLimit: 100 });
      const healthy = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, couponCode: 'TAKE10' });
      expect(healthy.body).toMatchObject({ totalMinor: 9_000, promotionNote: null });

      promotions.fault = fault;
      // Failing (or timed-out) quotes until the breaker opens; each still answers, at list price.
      for (let i = 0; (await breakerState('promotions')) !== 2; i += 1) {
        if (i === 10) throw new Error('the promotions breaker did not open');
        const quote = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, couponCode: 'TAKE10' });
        expect(quote.status).toBe(200);
        expect(quote.body).toMatchObject({ totalMinor: 10_000, promotionNote: 'promotions unavailable: no promotion applied' });
      }

      // Open: checkout goes on without calling promotions at all (no wait for a timeout).
      const callsWhenOpened = promotions.calls;
      const placed = await placeOrder(shop, { goodsId, quantity: 2, couponCode: 'TAKE10' });
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({ subtotalMinor: 20_000, adjustmentMinor: 0, totalMinor: 20_000, adjustments: [] });
      const detail = await shop.http().get(`/admin/orders/${placed.body.orderId}`).set(bearer(owner));
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ totalMinor: 20_000, promotionNote: 'promotions unavailable: no promotion applied' });
      const quoted = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, couponCode: 'TAKE10' });
      expect(quoted.body).toMatchObject({ totalMinor: 10_000, promotionNote: 'promotions unavailable: no promotion applied' });
      expect(promotions.calls).toBe(callsWhenOpened);
      const figures = (await shop.http().get('/metrics')).text;
      expect(figures).toMatch(/dependency_breaker_events_total\{module="orders",dependency="promotions",event="rejected"\} [1-9]/);

      // Promotions recovers; after the reset time one probe goes through and closes the breaker.
      promotions.fault = 'none';
      await untilBreaker('promotions', 1);
      const recovered = await placeOrder(shop, { goodsId, quantity: 1, couponCode: 'TAKE10' });
      expect(recovered.status).toBe(201);
      expect(recovered.body).toMatchObject({ totalMinor: 9_000, promotionNote: null });
      expect(promotions.calls).toBeGreaterThan(callsWhenOpened);
      expect(await breakerState('promotions')).toBe(0);
    },
  );

  it.each(['throws', 'hangs'] as const)(
    'when membership %s: the order goes on without the member price, membership is spared while the breaker is open, then member prices return',
    async (fault) => {
      const gold = randomUUID();
      membership.levels.set(gold, { memberId: gold, levelId: 'gold', levelName: 'Gold', discountPercent: 10 });
      const { goodsId } = await goodsWithKeys(shop, owner, 5);
      const priced = await placeOrder(shop, { goodsId }).set(signIn(gold));
      expect(priced.body).toMatchObject({ totalMinor: 9_000, promotionNote: null });

      membership.fault = fault;
      for (let i = 0; (await breakerState('membership')) !== 2; i += 1) {
        if (i === 10) throw new Error('the membership breaker did not open');
        const quote = await shop.http().post('/api/orders/quote').set(signIn(gold)).send({ goodsId, quantity: 1 });
        expect(quote.status).toBe(200);
        expect(quote.body).toMatchObject({ totalMinor: 10_000, promotionNote: 'membership unavailable: no member price applied' });
      }

      const callsWhenOpened = membership.calls;
      const placed = await placeOrder(shop, { goodsId }).set(signIn(gold));
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({ totalMinor: 10_000, promotionNote: 'membership unavailable: no member price applied' });
      const detail = await shop.http().get(`/admin/orders/${placed.body.orderId}`).set(bearer(owner));
      expect(detail.body).toMatchObject({ memberId: gold, totalMinor: 10_000, promotionNote: 'membership unavailable: no member price applied' });
      expect(membership.calls).toBe(callsWhenOpened);

      membership.fault = 'none';
      await untilBreaker('membership', 1);
      const recovered = await placeOrder(shop, { goodsId }).set(signIn(gold));
      expect(recovered.body).toMatchObject({ totalMinor: 9_000, promotionNote: null });
      expect(membership.calls).toBe(callsWhenOpened + 1);
      expect(await breakerState('membership')).toBe(0);
    },
  );

  it('passes a coupon refusal (a 4xx from promotions) on to the buyer without counting it against promotions', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const callsBefore = promotions.calls;
    for (let i = 0; i < 5; i += 1) {
      const refused = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, couponCode: 'NO-SUCH-COUPON' });
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('coupon_not_found');
    }
    expect(promotions.calls).toBe(callsBefore + 5); // every refusal came from promotions itself
    expect(await breakerState('promotions')).toBe(0);
  });
});
