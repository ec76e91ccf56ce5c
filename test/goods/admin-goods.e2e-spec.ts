import { resetPlatformTables } from '../support/test-app';
import {
  bearer,
  createCategory,
  createGoods,
  createGoodsTestApp,
  goodsBody,
  GoodsTestApp,
  resetGoodsTables,
} from './goods-test-app';

describe('goods admin: goods', () => {
  let shop: GoodsTestApp;
  let operator: string;
  let categoryId: string;

  const count = async (table: string) =>
    (await shop.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const outbox = async (type: string) =>
    (await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = $1 ORDER BY seq`, [type])).map(
      (r: { payload: unknown }) => r.payload,
    );
  const history = async (id: string) =>
    (await shop.http().get(`/admin/goods/${id}/history`).set(bearer(operator))).body;

  beforeAll(async () => {
    shop = await createGoodsTestApp();
  });

  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetGoodsTables(shop.dataSource);
    operator = await shop.adminToken('operator');
    categoryId = (await createCategory(shop, operator)).id;
  });

  afterAll(() => shop.close());

  describe('roles', () => {
    it('answers 401 without a token and 403 for support and finance, on reads and writes', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      expect((await shop.http().get('/admin/goods')).status).toBe(401);
      expect((await shop.http().post('/admin/goods').send(goodsBody(categoryId))).status).toBe(401);
      for (const role of ['support', 'finance']) {
        const token = await shop.adminToken(role);
        expect((await shop.http().get('/admin/goods').set(bearer(token))).status).toBe(403);
        expect((await shop.http().get(`/admin/goods/${goods.id}/history`).set(bearer(token))).status).toBe(403);
        expect((await shop.http().post('/admin/goods').set(bearer(token)).send(goodsBody(categoryId))).status).toBe(403);
        const edit = await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(token)).send({ expectedVersion: 1, priceMinor: 1 });
        expect(edit.status).toBe(403);
      }
      expect(await count('goods.goods')).toBe(1);
      const owner = await shop.adminToken('owner');
      expect((await shop.http().post('/admin/goods').set(bearer(owner)).send(goodsBody(categoryId))).status).toBe(201);
    });
  });

  describe('create', () => {
    it('creates goods with defaults, version 1, and a history row naming the admin', async () => {
      const res = await shop.http().post('/admin/goods').set(bearer(operator)).send(goodsBody(categoryId));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        categoryId,
        title: 'Steam wallet 100',
        description: '**Instant** delivery',
        priceMinor: 10_000,
        currency: 'CNY',
        onSale: false,
        deliveryType: 'auto',
        minPerOrder: 1,
        maxPerOrder: null,
        wholesaleTiers: [],
        buyerFields: [],
        sortOrder: 0,
        archived: false,
        archivedAt: null,
        version: 1,
      });
      const [admin] = await shop.dataSource.query(`SELECT id, email FROM platform.admin_users ORDER BY created_at LIMIT 1`);
      const { items, total } = await history(res.body.id);
      expect(total).toBe(1);
      expect(items[0]).toMatchObject({
        version: 1,
        action: 'created',
        actor: { type: 'admin', id: admin.id, label: admin.email },
      });
      expect(items[0].changes.priceMinor).toEqual({ from: null, to: 10_000 });
      expect(items[0].changes.title).toEqual({ from: null, to: 'Steam wallet 100' });
    });

    it('stores tiers, limits and buyer fields, and announces goods created on sale', async () => {
      const res = await shop
        .http()
        .post('/admin/goods')
        .set(bearer(operator))
        .send(
          goodsBody(categoryId, {
            deliveryType: 'manual',
            onSale: true,
            minPerOrder: 2,
            maxPerOrder: 500,
            wholesaleTiers: [
              { minQuantity: 10, unitPriceMinor: 9_500 },
              { minQuantity: 100, unitPriceMinor: 9_000 },
            ],
            buyerFields: [{ key: 'game_account', label: 'Game account', type: 'text', required: true }],
          }),
        );
      expect(res.status).toBe(201);
      expect(res.body.wholesaleTiers).toEqual([
        { minQuantity: 10, unitPriceMinor: 9_500 },
        { minQuantity: 100, unitPriceMinor: 9_000 },
      ]);
      expect(res.body.buyerFields).toEqual([{ key: 'game_account', label: 'Game account', type: 'text', required: true }]);
      expect(res.body).toMatchObject({ minPerOrder: 2, maxPerOrder: 500, onSale: true });
      expect(await outbox('goods.goods.sale-status-changed')).toEqual([
        { goodsId: res.body.id, onSale: true, archived: false, changedAt: expect.any(String) },
      ]);
    });

    it.each([
      ['tiers whose quantities do not increase', { wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 9_000 }, { minQuantity: 10, unitPriceMinor: 8_000 }] }, 'wholesaleTiers.1.minQuantity'],
      ['a tier no cheaper than the base price', { wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 10_000 }] }, 'wholesaleTiers.0.unitPriceMinor'],
      ['tiers whose prices do not decrease', { wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 9_000 }, { minQuantity: 20, unitPriceMinor: 9_000 }] }, 'wholesaleTiers.1.unitPriceMinor'],
      ['a tier from quantity 1', { wholesaleTiers: [{ minQuantity: 1, unitPriceMinor: 9_000 }] }, 'wholesaleTiers.0.minQuantity'],
      ['an unknown field in a tier', { wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 9_000, note: 'x' }] }, 'wholesaleTiers.0.note'],
      ['buyer fields on auto goods', { buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }] }, 'buyerFields'],
      ['a buyer field key that is not a slug', { deliveryType: 'manual', buyerFields: [{ key: 'Game Account', label: 'x', type: 'text', required: true }] }, 'buyerFields.0.key'],
      ['a buyer field of an unknown type', { deliveryType: 'manual', buyerFields: [{ key: 'when', label: 'x', type: 'date', required: true }] }, 'buyerFields.0.type'],
      ['duplicate buyer field keys', { deliveryType: 'manual', buyerFields: [{ key: 'a', label: 'x', type: 'text', required: true }, { key: 'a', label: 'y', type: 'email', required: false }] }, 'buyerFields.1.key'],
      ['min above max', { minPerOrder: 5, maxPerOrder: 4 }, 'maxPerOrder'],
      ['a minimum of 0', { minPerOrder: 0 }, 'minPerOrder'],
      ['a negative price', { priceMinor: -1 }, 'priceMinor'],
      ['a fractional price', { priceMinor: 99.5 }, 'priceMinor'],
      ['a price given as a string', { priceMinor: '100' }, 'priceMinor'],
      ['a lower-case currency', { currency: 'cny' }, 'currency'],
      ['no currency', { currency: undefined }, 'currency'],
      ['an unknown delivery type', { deliveryType: 'email' }, 'deliveryType'],
      ['a null title', { title: null }, 'title'],
      ['a low-stock threshold (a vault setting, not a goods field)', { lowStockThreshold: 3 }, 'lowStockThreshold'],
      ['a category id that is not a uuid', { categoryId: 'games' }, 'categoryId'],
      ['an unknown field', { stock: 5 }, 'stock'],
    ])('refuses %s with 400 and changes nothing', async (_what, fields, field) => {
      const res = await shop.http().post('/admin/goods').set(bearer(operator)).send(goodsBody(categoryId, fields));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await count('goods.goods')).toBe(0);
      expect(await count('goods.goods_history')).toBe(0);
      expect(await count('platform.outbox')).toBe(0);
    });

    it('refuses a category that does not exist with 422', async () => {
      const res = await shop
        .http()
        .post('/admin/goods')
        .set(bearer(operator))
        .send(goodsBody('00000000-0000-4000-8000-000000000000'));
      expect([res.status, res.body.error.code]).toEqual([422, 'unknown_category']);
      expect(await count('goods.goods')).toBe(0);
    });

    it('replays a create retried with the same Idempotency-Key and refuses the key for another body', async () => {
      const send = (title: string) =>
        shop.http().post('/admin/goods').set(bearer(operator)).set('Idempotency-Key', 'goods-1').send(goodsBody(categoryId, { title }));
      const first = await send('A');
      const second = await send('A');
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      const other = await send('B');
      expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused']);
      expect(await count('goods.goods')).toBe(1);
      expect(await count('goods.goods_history')).toBe(1);
    });
  });

  describe('edit', () => {
    it('changes fields at once, bumps the version and records the diff, the audit entry and the price event', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      const res = await shop
        .http()
        .patch(`/admin/goods/${goods.id}`)
        .set(bearer(operator))
        .send({ expectedVersion: 1, priceMinor: 8_800, title: 'Steam wallet 100 (sale)', reason: 'spring promotion' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ priceMinor: 8_800, title: 'Steam wallet 100 (sale)', version: 2 });
      expect((await shop.http().get(`/admin/goods/${goods.id}`).set(bearer(operator))).body.priceMinor).toBe(8_800);

      const { items } = await history(goods.id);
      expect(items.map((h: { action: string }) => h.action)).toEqual(['updated', 'created']);
      expect(items[0]).toMatchObject({
        version: 2,
        reason: 'spring promotion',
        actor: { type: 'admin' },
        changes: {
          priceMinor: { from: 10_000, to: 8_800 },
          title: { from: 'Steam wallet 100', to: 'Steam wallet 100 (sale)' },
        },
      });
      expect(Object.keys(items[0].changes).sort()).toEqual(['priceMinor', 'title']);

      const audit = await shop.dataSource.query(`SELECT * FROM platform.audit_log`);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'goods.price-changed',
        target_type: 'goods',
        target_id: goods.id,
        actor_type: 'admin',
        reason: 'spring promotion',
      });
      expect(audit[0].details).toMatchObject({ from: { priceMinor: 10_000 }, to: { priceMinor: 8_800 } });

      expect(await outbox('goods.goods.price-changed')).toEqual([
        { goodsId: goods.id, fromMinor: 10_000, toMinor: 8_800, currency: 'CNY', changedAt: expect.any(String) },
      ]);
    });

    it('does not audit or announce edits that leave prices alone', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 1, description: 'New' }).expect(200);
      expect(await count('platform.audit_log')).toBe(0);
      expect(await count('platform.outbox')).toBe(0);
    });

    it('audits a change of the wholesale tiers as a price change, without a base-price event', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      await shop
        .http()
        .patch(`/admin/goods/${goods.id}`)
        .set(bearer(operator))
        .send({ expectedVersion: 1, wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 9_000 }] })
        .expect(200);
      expect(await count('platform.audit_log')).toBe(1);
      expect(await outbox('goods.goods.price-changed')).toEqual([]);
    });

    it('refuses a stale version with 409 goods_version_conflict and changes nothing', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 1, sortOrder: 3 }).expect(200);
      const stale = await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 1, priceMinor: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({
        code: 'goods_version_conflict',
        details: { goodsId: goods.id, expectedVersion: 1, currentVersion: 2 },
      });
      const now = (await shop.http().get(`/admin/goods/${goods.id}`).set(bearer(operator))).body;
      expect(now).toMatchObject({ priceMinor: 10_000, version: 2 });
      expect(await count('goods.goods_history')).toBe(2);
    });

    it('lets exactly one of many concurrent edits of one version through', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 1, priceMinor: 5_000 + i }),
        ),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 409 && r.body.error.code === 'goods_version_conflict')).toHaveLength(9);
      expect((await history(goods.id)).total).toBe(2);
      expect(await count('platform.audit_log')).toBe(1);
    });

    it('checks an edit against the fields it leaves alone, and changes nothing when that fails', async () => {
      const goods = await createGoods(shop, operator, categoryId, {
        wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 9_000 }],
        maxPerOrder: 50,
      });
      for (const patch of [
        { priceMinor: 9_000 }, // tier no longer below the base price
        { minPerOrder: 60 }, // above the stored maximum
        { maxPerOrder: 5 }, // the tier from 10 could never apply
        { buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }] }, // goods are auto
        { priceMinor: null },
        { expectedVersion: undefined, title: 'no version' },
        { unknownField: 1 },
      ]) {
        const res = await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 1, ...patch });
        expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
      }
      const unknown = await shop
        .http()
        .patch(`/admin/goods/${goods.id}`)
        .set(bearer(operator))
        .send({ expectedVersion: 1, categoryId: '00000000-0000-4000-8000-000000000000' });
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_category']);
      const now = (await shop.http().get(`/admin/goods/${goods.id}`).set(bearer(operator))).body;
      expect(now).toMatchObject({ version: 1, priceMinor: 10_000, maxPerOrder: 50, minPerOrder: 1 });
      expect(await count('goods.goods_history')).toBe(1);
    });

    it('removes the upper limit with maxPerOrder null, and switches to manual delivery with buyer fields', async () => {
      const goods = await createGoods(shop, operator, categoryId, { maxPerOrder: 5 });
      const res = await shop
        .http()
        .patch(`/admin/goods/${goods.id}`)
        .set(bearer(operator))
        .send({
          expectedVersion: 1,
          maxPerOrder: null,
          deliveryType: 'manual',
          buyerFields: [{ key: 'phone', label: 'Phone to top up', type: 'phone', required: true }],
        });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ maxPerOrder: null, deliveryType: 'manual', version: 2 });
      const { items } = await history(goods.id);
      expect(items[0].changes.maxPerOrder).toEqual({ from: 5, to: null });
    });

    it('keeps the version and writes no history for an edit that changes nothing', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      const res = await shop
        .http()
        .patch(`/admin/goods/${goods.id}`)
        .set(bearer(operator))
        .send({ expectedVersion: 1, priceMinor: 10_000, title: 'Steam wallet 100' });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(await count('goods.goods_history')).toBe(1);
    });

    it('answers 404 goods_not_found for unknown goods and 400 for a malformed id', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const res of [
        await shop.http().get(`/admin/goods/${missing}`).set(bearer(operator)),
        await shop.http().get(`/admin/goods/${missing}/history`).set(bearer(operator)),
        await shop.http().patch(`/admin/goods/${missing}`).set(bearer(operator)).send({ expectedVersion: 1, title: 'x' }),
      ]) {
        expect([res.status, res.body.error.code]).toEqual([404, 'goods_not_found']);
      }
      expect((await shop.http().get('/admin/goods/123').set(bearer(operator))).status).toBe(400);
    });
  });

  describe('sale status, archive and restore', () => {
    it('puts goods on and off sale with history and events', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      const on = await shop.http().put(`/admin/goods/${goods.id}/sale-status`).set(bearer(operator)).send({ onSale: true, expectedVersion: 1 });
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ onSale: true, version: 2 });
      const stale = await shop.http().put(`/admin/goods/${goods.id}/sale-status`).set(bearer(operator)).send({ onSale: false, expectedVersion: 1 });
      expect([stale.status, stale.body.error.code]).toEqual([409, 'goods_version_conflict']);
      const off = await shop.http().put(`/admin/goods/${goods.id}/sale-status`).set(bearer(operator)).send({ onSale: false, expectedVersion: 2 });
      expect(off.body).toMatchObject({ onSale: false, version: 3 });

      const { items } = await history(goods.id);
      expect(items.slice(0, 2).map((h: { action: string; changes: unknown }) => [h.action, h.changes])).toEqual([
        ['sale-status-changed', { onSale: { from: true, to: false } }],
        ['sale-status-changed', { onSale: { from: false, to: true } }],
      ]);
      expect((await outbox('goods.goods.sale-status-changed')).map((e: { onSale: boolean }) => e.onSale)).toEqual([true, false]);
    });

    it('archives instead of deleting: off sale, kept, hidden from the default list, frozen until restored', async () => {
      const goods = await createGoods(shop, operator, categoryId, { onSale: true });
      const archived = await shop.http().delete(`/admin/goods/${goods.id}?expectedVersion=1`).set(bearer(operator));
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ archived: true, onSale: false, version: 2, archivedAt: expect.any(String) });
      expect(await count('goods.goods')).toBe(1);

      expect((await shop.http().get('/admin/goods').set(bearer(operator))).body.total).toBe(0);
      const listed = await shop.http().get('/admin/goods?archived=true').set(bearer(operator));
      expect(listed.body.items.map((g: { id: string }) => g.id)).toEqual([goods.id]);

      const edit = await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 2, title: 'x' });
      expect([edit.status, edit.body.error.code]).toEqual([409, 'goods_archived']);
      const sell = await shop.http().put(`/admin/goods/${goods.id}/sale-status`).set(bearer(operator)).send({ onSale: true, expectedVersion: 2 });
      expect([sell.status, sell.body.error.code]).toEqual([409, 'goods_archived']);

      const restored = await shop.http().post(`/admin/goods/${goods.id}/restore`).set(bearer(operator)).send({ expectedVersion: 2 });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ archived: false, onSale: false, version: 3 });

      const { items } = await history(goods.id);
      expect(items.map((h: { action: string }) => h.action)).toEqual(['restored', 'archived', 'created']);
      expect(items[1].changes).toEqual({ archived: { from: false, to: true }, onSale: { from: true, to: false } });
      expect(await outbox('goods.goods.sale-status-changed')).toEqual([
        expect.objectContaining({ onSale: true, archived: false }),
        expect.objectContaining({ onSale: false, archived: true }),
        expect.objectContaining({ onSale: false, archived: false }),
      ]);
    });

    it('checks the version on archive when given', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      const res = await shop.http().delete(`/admin/goods/${goods.id}?expectedVersion=7`).set(bearer(operator));
      expect([res.status, res.body.error.code]).toEqual([409, 'goods_version_conflict']);
      expect((await shop.http().get(`/admin/goods/${goods.id}`).set(bearer(operator))).body.archived).toBe(false);
    });
  });

  describe('listing', () => {
    it('filters by category, sale status and title, and pages by sortOrder then title', async () => {
      const other = (await createCategory(shop, operator)).id;
      await createGoods(shop, operator, categoryId, { title: 'Netflix 1 month', onSale: true, sortOrder: 2 });
      await createGoods(shop, operator, categoryId, { title: 'Apple gift card', onSale: false, sortOrder: 1 });
      await createGoods(shop, operator, other, { title: 'Netflix 12 months', onSale: true, sortOrder: 2 });
      const list = async (query: string) => {
        const res = await shop.http().get(`/admin/goods${query}`).set(bearer(operator));
        expect(res.status).toBe(200);
        return { titles: res.body.items.map((g: { title: string }) => g.title), total: res.body.total };
      };
      expect(await list('')).toEqual({ titles: ['Apple gift card', 'Netflix 1 month', 'Netflix 12 months'], total: 3 });
      expect(await list(`?categoryId=${categoryId}`)).toEqual({ titles: ['Apple gift card', 'Netflix 1 month'], total: 2 });
      expect(await list('?onSale=true')).toEqual({ titles: ['Netflix 1 month', 'Netflix 12 months'], total: 2 });
      expect(await list('?q=NETFLIX&onSale=true&limit=1&offset=1')).toEqual({ titles: ['Netflix 12 months'], total: 2 });
      expect((await shop.http().get('/admin/goods?onSale=maybe').set(bearer(operator))).status).toBe(400);
      expect((await shop.http().get('/admin/goods?limit=0').set(bearer(operator))).status).toBe(400);
    });
  });
});
