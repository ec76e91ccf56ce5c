import { resetPlatformTables } from '../support/test-app';
import { bearer, createCategory, createGoods, createGoodsTestApp, GoodsTestApp, resetGoodsTables } from './goods-test-app';

describe('goods storefront', () => {
  let shop: GoodsTestApp;
  let operator: string;
  let games: { id: string; slug: string };

  const list = async (query = '') => {
    const res = await shop.http().get(`/api/goods${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: Array<Record<string, unknown>>; total: number };
  };
  const titles = async (query = '') => (await list(query)).items.map((g) => g.title);

  beforeAll(async () => {
    shop = await createGoodsTestApp();
  });

  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetGoodsTables(shop.dataSource);
    shop.cardKeys.reset();
    operator = await shop.adminToken('operator');
    games = await createCategory(shop, operator, { name: 'Games', slug: 'games', sortOrder: 1 });
  });

  afterAll(() => shop.close());

  it('lists only on-sale, non-archived goods of visible categories, by sortOrder then title, without a token', async () => {
    const hidden = await createCategory(shop, operator, { name: 'Hidden', slug: 'hidden', visible: false });
    await createGoods(shop, operator, games.id, { title: 'Zelda key', onSale: true, sortOrder: 1 });
    await createGoods(shop, operator, games.id, { title: 'Apex coins', onSale: true, sortOrder: 2 });
    await createGoods(shop, operator, games.id, { title: 'Doom key', onSale: true, sortOrder: 1 });
    await createGoods(shop, operator, games.id, { title: 'Draft', onSale: false });
    await createGoods(shop, operator, hidden.id, { title: 'In a hidden category', onSale: true });
    const archived = await createGoods(shop, operator, games.id, { title: 'Archived', onSale: true });
    await shop.http().delete(`/admin/goods/${archived.id}`).set(bearer(operator)).expect(200);

    expect(await titles()).toEqual(['Doom key', 'Zelda key', 'Apex coins']);
    expect((await list()).total).toBe(3);
  });

  it('shows the buyer what they need and nothing of the admin side', async () => {
    await createGoods(shop, operator, games.id, {
      onSale: true,
      minPerOrder: 2,
      maxPerOrder: 10,
      wholesaleTiers: [{ minQuantity: 5, unitPriceMinor: 9_000 }],
    });
    const [item] = (await list()).items;
    expect(item).toEqual({
      id: expect.any(String),
      categoryId: games.id,
      title: 'Steam wallet 100',
      priceMinor: 10_000,
      currency: 'CNY',
      deliveryType: 'auto',
      minPerOrder: 2,
      maxPerOrder: 10,
      wholesaleTiers: [{ minQuantity: 5, unitPriceMinor: 9_000 }],
      stock: 0,
      stockStatus: 'out_of_stock',
    });
  });

  it('filters by category id or slug and searches titles in any case, taking % and _ literally', async () => {
    const apps = await createCategory(shop, operator, { name: 'Apps', slug: 'apps' });
    await createGoods(shop, operator, games.id, { title: 'Steam 100% top-up', onSale: true });
    await createGoods(shop, operator, games.id, { title: 'Steam wallet', onSale: true });
    await createGoods(shop, operator, apps.id, { title: 'Spotify premium', onSale: true });

    expect(await titles(`?categoryId=${apps.id}`)).toEqual(['Spotify premium']);
    expect(await titles('?category=games')).toEqual(['Steam 100% top-up', 'Steam wallet']);
    expect(await titles('?category=nothing-here')).toEqual([]);
    expect(await titles('?q=STEAM')).toEqual(['Steam 100% top-up', 'Steam wallet']);
    expect(await titles(`?q=${encodeURIComponent('100%')}`)).toEqual(['Steam 100% top-up']);
    expect(await titles('?q=_')).toEqual([]);
    expect(await titles('?q=steam&category=apps')).toEqual([]);
    expect((await shop.http().get('/api/goods?categoryId=games')).status).toBe(400);
    expect((await shop.http().get('/api/goods?sort=price')).status).toBe(400);
  });

  it('pages with limit and offset and reports the total', async () => {
    for (let i = 1; i <= 5; i += 1) await createGoods(shop, operator, games.id, { title: `Item ${i}`, onSale: true });
    const page = await list('?limit=2&offset=2');
    expect(page.total).toBe(5);
    expect(page.items.map((g) => g.title)).toEqual(['Item 3', 'Item 4']);
    expect((await shop.http().get('/api/goods?limit=500')).status).toBe(400);
  });

  it('shows live stock from card-keys with one call per page, for auto goods only', async () => {
    const counted = await createGoods(shop, operator, games.id, { title: 'A counted', onSale: true });
    const soldOut = await createGoods(shop, operator, games.id, { title: 'B sold out', onSale: true });
    const reusable = await createGoods(shop, operator, games.id, { title: 'C reusable', onSale: true });
    await createGoods(shop, operator, games.id, { title: 'D manual', onSale: true, deliveryType: 'manual' });
    for (let i = 0; i < 6; i += 1) await createGoods(shop, operator, games.id, { title: `E filler ${i}`, onSale: true });
    shop.cardKeys.available.set(counted.id, 42);
    shop.cardKeys.available.set(soldOut.id, 0);
    shop.cardKeys.available.set(reusable.id, null);

    const page = await list('?limit=4');
    expect(page.items.map((g) => [g.title, g.stock, g.stockStatus])).toEqual([
      ['A counted', 42, 'in_stock'],
      ['B sold out', 0, 'out_of_stock'],
      ['C reusable', null, 'unlimited'],
      ['D manual', null, 'manual'],
    ]);
    expect(shop.cardKeys.stockCalls).toHaveLength(1);
    expect([...shop.cardKeys.stockCalls[0]].sort()).toEqual([counted.id, soldOut.id, reusable.id].sort());

    await list('?limit=200');
    expect(shop.cardKeys.stockCalls).toHaveLength(2);
    expect(shop.cardKeys.stockCalls[1]).toHaveLength(9);
  });

  it('does not ask card-keys about a page of manual goods only', async () => {
    await createGoods(shop, operator, games.id, { onSale: true, deliveryType: 'manual' });
    expect((await list()).items[0]).toMatchObject({ stock: null, stockStatus: 'manual' });
    expect(shop.cardKeys.stockCalls).toHaveLength(0);
  });

  it('still lists goods, with stock unknown, when card-keys fails', async () => {
    await createGoods(shop, operator, games.id, { title: 'A auto', onSale: true });
    await createGoods(shop, operator, games.id, { title: 'B manual', onSale: true, deliveryType: 'manual' });
    shop.cardKeys.failing = true;
    const page = await list();
    expect(page.items.map((g) => [g.title, g.stock, g.stockStatus])).toEqual([
      ['A auto', null, 'unknown'],
      ['B manual', null, 'manual'],
    ]);
  });

  describe('detail', () => {
    it('shows description, buyer fields and live stock', async () => {
      const manual = await createGoods(shop, operator, games.id, {
        onSale: true,
        deliveryType: 'manual',
        description: '# Top-up\nWithin 10 minutes',
        buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }],
      });
      const res = await shop.http().get(`/api/goods/${manual.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: manual.id,
        description: '# Top-up\nWithin 10 minutes',
        buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }],
        stock: null,
        stockStatus: 'manual',
      });

      const auto = await createGoods(shop, operator, games.id, { onSale: true });
      shop.cardKeys.available.set(auto.id, 7);
      const detail = await shop.http().get(`/api/goods/${auto.id}`);
      expect(detail.body).toMatchObject({ stock: 7, stockStatus: 'in_stock', buyerFields: [] });
      expect(shop.cardKeys.stockCalls).toEqual([[auto.id]]);
    });

    it('answers 404 goods_not_found for unknown, off-sale, archived goods and goods of a hidden category', async () => {
      const offSale = await createGoods(shop, operator, games.id, { onSale: false });
      const archived = await createGoods(shop, operator, games.id, { onSale: true });
      await shop.http().delete(`/admin/goods/${archived.id}`).set(bearer(operator)).expect(200);
      const hidden = await createCategory(shop, operator, { visible: false });
      const inHidden = await createGoods(shop, operator, hidden.id, { onSale: true });
      for (const id of ['00000000-0000-4000-8000-000000000000', offSale.id, archived.id, inHidden.id]) {
        const res = await shop.http().get(`/api/goods/${id}`);
        expect([res.status, res.body.error.code]).toEqual([404, 'goods_not_found']);
      }
      expect((await shop.http().get('/api/goods/not-a-uuid')).status).toBe(400);
    });
  });

  it('lists visible categories by sortOrder then name', async () => {
    await createCategory(shop, operator, { name: 'Apps', slug: 'apps', sortOrder: 1 });
    await createCategory(shop, operator, { name: 'Top-ups', slug: 'top-ups', sortOrder: 0 });
    await createCategory(shop, operator, { name: 'Secret', slug: 'secret', visible: false });
    const res = await shop.http().get('/api/categories');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items).toEqual([
      { id: expect.any(String), name: 'Top-ups', slug: 'top-ups', sortOrder: 0 },
      { id: expect.any(String), name: 'Apps', slug: 'apps', sortOrder: 1 },
      { id: games.id, name: 'Games', slug: 'games', sortOrder: 1 },
    ]);
  });

  it('documents the storefront and admin goods endpoints in OpenAPI', async () => {
    const docs = await shop.http().get('/docs/openapi.json');
    expect(docs.status).toBe(200);
    for (const path of ['/api/goods', '/api/goods/{id}', '/api/categories', '/admin/goods', '/admin/goods/{id}/history', '/admin/categories']) {
      expect(docs.body.paths).toHaveProperty([path]);
    }
  });
});
