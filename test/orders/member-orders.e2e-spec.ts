import { randomUUID } from 'node:crypto';
import { MemberPricing, MembershipFacade } from '../../src/modules/membership';
import { MemberTokens } from '../../src/platform/auth/member-tokens';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, goodsWithKeys, payOnSandbox, placeOrder, resetShop, sandboxChannel } from './buy-flow-helpers';

/**
 * Orders and signed-in members: the order is the member's, the member sees their orders (and claims
 * guest ones by proving the contact and password), and their level's discount prices the order.
 * Membership is replaced by a stand-in here, so the level can be chosen (and broken) per test.
 */
describe('orders of signed-in members', () => {
  const levels = new Map<string, MemberPricing>();
  let membershipDown = false;
  const membership = {
    pricingOf: async (memberId: string) => {
      if (membershipDown) throw new Error('membership database unreachable');
      return levels.get(memberId) ?? { memberId, levelId: null, levelName: null, discountPercent: 0 };
    },
    profileOf: async () => null,
    findByEmail: async () => null,
  };
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({ overrides: [{ provide: MembershipFacade, useValue: membership }] });
  });
  beforeEach(async () => {
    membershipDown = false;
    levels.clear();
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  const signIn = (memberId: string) => bearer(shop.app.get(MemberTokens).issue(memberId).accessToken);

  it("records the signed-in member on the order and shows it among their orders, with keys once delivered; not to another member", async () => {
    const alice = randomUUID();
    const { goodsId, secrets } = await goodsWithKeys(shop, owner, 2);
    const placed = await placeOrder(shop, { goodsId }).set(signIn(alice));
    expect(placed.status).toBe(201);
    const [row] = await shop.dataSource.query(`SELECT member_id FROM orders.orders WHERE id = $1`, [placed.body.orderId]);
    expect(row.member_id).toBe(alice);
    await payOnSandbox(shop, placed.body.payment.paymentId);

    const mine = await shop.http().get('/api/me/orders').set(signIn(alice));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 1, items: [{ orderNo: placed.body.orderNo, status: 'delivered', keys: [] }] });
    const one = await shop.http().get(`/api/me/orders/${placed.body.orderNo}`).set(signIn(alice));
    expect(secrets).toContain(one.body.keys[0].secret);

    const bob = randomUUID();
    expect((await shop.http().get(`/api/me/orders/${placed.body.orderNo}`).set(signIn(bob))).status).toBe(404);
    expect((await shop.http().get('/api/me/orders').set(signIn(bob))).body.total).toBe(0);
    expect((await shop.http().get('/api/me/orders')).status).toBe(401);
  });

  it("never replays one member's stored checkout to another member sending the same Idempotency-Key", async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 2);
    const alice = randomUUID();
    const bob = randomUUID();
    const first = await placeOrder(shop, { goodsId }, 'same-key').set(signIn(alice));
    const replay = await placeOrder(shop, { goodsId }, 'same-key').set(signIn(alice));
    expect(replay.body.orderNo).toBe(first.body.orderNo);
    const other = await placeOrder(shop, { goodsId }, 'same-key').set(signIn(bob));
    expect(other.status).toBe(201);
    expect(other.body.orderNo).not.toBe(first.body.orderNo);
  });

  it('refuses an invalid member token at checkout instead of quietly treating the buyer as a guest', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const forged = await placeOrder(shop, { goodsId }).set({ Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged' });
    expect(forged.status).toBe(401);
    expect(await shop.dataSource.query(`SELECT id FROM orders.orders`)).toEqual([]);
    const guest = await placeOrder(shop, { goodsId });
    expect(guest.status).toBe(201);
  });

  it('lets a member claim a guest order with its contact and password, once', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const guest = await placeOrder(shop, { goodsId, contact: 'me@example.com' });
    const alice = randomUUID();
    const claim = (memberId: string, queryPassword = 'open-sesame') =>
      shop.http().post('/api/me/orders/claim').set(signIn(memberId)).send({ orderNo: guest.body.orderNo, contact: 'ME@example.com', queryPassword });

    expect((await claim(alice, 'wrong-password')).status).toBe(404);
    const claimed = await claim(alice);
    expect(claimed.status).toBe(200);
    expect(claimed.body.orderNo).toBe(guest.body.orderNo);
    expect((await shop.http().get('/api/me/orders').set(signIn(alice))).body.total).toBe(1);
    expect((await claim(alice)).status).toBe(200); // again: still theirs
    const stolen = await claim(randomUUID());
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.code).toBe('order_claimed_by_another');
  });

  it("prices with the member's level discount, and at the guest price (with a note) when membership is down", async () => {
    const gold = randomUUID();
    levels.set(gold, { memberId: gold, levelId: 'gold', levelName: 'Gold', discountPercent: 10 });
    const { goodsId } = await goodsWithKeys(shop, owner, 3);

    const quote = await shop.http().post('/api/orders/quote').set(signIn(gold)).send({ goodsId, quantity: 2 });
    expect(quote.body).toMatchObject({ subtotalMinor: 20_000, adjustmentMinor: -2_000, totalMinor: 18_000 });
    const placed = await placeOrder(shop, { goodsId, quantity: 2 }).set(signIn(gold));
    expect(placed.body).toMatchObject({ totalMinor: 18_000, promotionNote: null });
    expect(placed.body.adjustments).toEqual([expect.objectContaining({ source: 'activity:member-level:gold', amountMinor: -2_000 })]);

    membershipDown = true;
    const fallback = await placeOrder(shop, { goodsId }).set(signIn(gold));
    expect(fallback.status).toBe(201);
    expect(fallback.body).toMatchObject({ totalMinor: 10_000, promotionNote: 'membership unavailable: no member price applied' });
  });
});
