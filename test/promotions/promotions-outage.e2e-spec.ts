import { PromotionsFacade } from '../../src/modules/promotions';
import { goodsWithKeys, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';

/** A broken promotions module never takes checkout down: the order goes on at list price and says so. */
describe('checkout when promotions is down', () => {
  let mode: 'throws' | 'hangs' = 'throws';
  const released: string[] = [];
  const broken = {
    quote: () => Promise.reject(new Error('promotions database unreachable')),
    holdForOrder: () => (mode === 'throws' ? Promise.reject(new Error('promotions database unreachable')) : new Promise(() => undefined)),
    releaseOrder: (orderId: string) => {
      released.push(orderId);
      return Promise.resolve();
    },
  };
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({ overrides: [{ provide: PromotionsFacade, useValue: broken }] });
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  it.each(['throws', 'hangs'] as const)('places the order at list price when promotions %s, and gives back whatever it may hold', async (how) => {
    mode = how;
    const { goodsId } = await goodsWithKeys(shop, owner, 2);
    const placed = await placeOrder(shop, { goodsId, quantity: 2, couponCode: 'SPRING10' });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ subtotalMinor: 20_000, adjustmentMinor: 0, totalMinor: 20_000, adjustments: [] });
    expect(placed.body.promotionNote).toBe('promotions unavailable: no promotion applied');
    const [row] = await shop.dataSource.query(`SELECT promotion_note FROM orders.orders WHERE id = $1`, [placed.body.orderId]);
    expect(row.promotion_note).toBe('promotions unavailable: no promotion applied');
    expect(released).toContain(placed.body.orderId);

    const quote = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1 });
    expect(quote.body).toMatchObject({ totalMinor: 10_000, promotionNote: 'promotions unavailable: no promotion applied' });
  });
});
