import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { GoodsFacade, GoodsForOrder } from '../../src/modules/goods';
import { resetPlatformTables } from '../support/test-app';
import { bearer, createCategory, createGoods, createGoodsTestApp, GoodsTestApp, resetGoodsTables } from './goods-test-app';

describe('GoodsFacade: what orders reads', () => {
  let shop: GoodsTestApp;
  let operator: string;
  let categoryId: string;

  /** Calls the facade the way another module does: in a request or job context. */
  const facade = <T>(call: (goods: GoodsFacade) => Promise<T>): Promise<T> =>
    shop.app.get(ClsService).run(() => call(shop.app.get(GoodsFacade)));

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

  const tiered = () =>
    createGoods(shop, operator, categoryId, {
      onSale: true,
      minPerOrder: 2,
      maxPerOrder: 200,
      wholesaleTiers: [
        { minQuantity: 10, unitPriceMinor: 9_500 },
        { minQuantity: 100, unitPriceMinor: 9_000 },
      ],
    });

  describe('getForOrder', () => {
    it('returns what orders needs to price and check a line', async () => {
      const goods = await createGoods(shop, operator, categoryId, {
        deliveryType: 'manual',
        buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }],
      });
      expect(await facade((f) => f.getForOrder(goods.id))).toEqual({
        id: goods.id,
        title: 'Steam wallet 100',
        currency: 'CNY',
        basePriceMinor: 10_000,
        onSale: false,
        archived: false,
        deliveryType: 'manual',
        minPerOrder: 1,
        maxPerOrder: null,
        wholesaleTiers: [],
        buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }],
        version: 1,
      });
    });

    it('flags archived goods and returns null for unknown or malformed ids', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      await shop.http().delete(`/admin/goods/${goods.id}`).set(bearer(operator)).expect(200);
      expect(await facade((f) => f.getForOrder(goods.id))).toMatchObject({ archived: true, onSale: false, version: 2 });
      expect(await facade((f) => f.getForOrder('00000000-0000-4000-8000-000000000000'))).toBeNull();
      expect(await facade((f) => f.getForOrder('nope'))).toBeNull();
    });

    it('joins the caller’s transaction and sees its uncommitted edits', async () => {
      const goods = await createGoods(shop, operator, categoryId);
      const txHost = shop.app.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost);
      let inside: GoodsForOrder | null = null;
      await expect(
        shop.app.get(ClsService).run(() =>
          txHost.withTransaction(async () => {
            await txHost.tx.query(`UPDATE goods.goods SET price_minor = 1 WHERE id = $1`, [goods.id]);
            inside = await shop.app.get(GoodsFacade).getForOrder(goods.id);
            throw new Error('the caller failed later');
          }),
        ),
      ).rejects.toThrow('the caller failed later');
      expect(inside).toMatchObject({ basePriceMinor: 1 });
      expect(await facade((f) => f.getForOrder(goods.id))).toMatchObject({ basePriceMinor: 10_000 });
    });
  });

  describe('quote', () => {
    it('prices by wholesale tier and multiplies out the line', async () => {
      const goods = await tiered();
      expect(await facade((f) => f.quote(goods.id, 2))).toEqual({
        goodsId: goods.id,
        title: 'Steam wallet 100',
        categoryId,
        currency: 'CNY',
        quantity: 2,
        basePriceMinor: 10_000,
        unitPriceMinor: 10_000,
        lineTotalMinor: 20_000,
        appliedTier: null,
        deliveryType: 'auto',
        buyerFields: [],
        version: 1,
      });
      expect(await facade((f) => f.quote(goods.id, 10))).toMatchObject({
        unitPriceMinor: 9_500,
        lineTotalMinor: 95_000,
        appliedTier: { minQuantity: 10, unitPriceMinor: 9_500 },
      });
      expect(await facade((f) => f.quote(goods.id, 99))).toMatchObject({ unitPriceMinor: 9_500, lineTotalMinor: 940_500 });
      expect(await facade((f) => f.quote(goods.id, 200))).toMatchObject({ unitPriceMinor: 9_000, lineTotalMinor: 1_800_000 });
    });

    it('refuses unknown and archived goods with 404 goods_not_found', async () => {
      const goods = await tiered();
      await shop.http().delete(`/admin/goods/${goods.id}`).set(bearer(operator)).expect(200);
      for (const id of [goods.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
        await expect(facade((f) => f.quote(id, 2))).rejects.toMatchObject({ status: 404, code: 'goods_not_found' });
      }
    });

    it('refuses goods that are off sale with 409 goods_off_sale', async () => {
      const goods = await createGoods(shop, operator, categoryId, { onSale: false });
      await expect(facade((f) => f.quote(goods.id, 1))).rejects.toMatchObject({ status: 409, code: 'goods_off_sale' });
    });

    it('refuses quantities outside min and max, and fractions, with 422 quantity_out_of_range', async () => {
      const goods = await tiered();
      for (const quantity of [0, 1, 201, 2.5, -10]) {
        await expect(facade((f) => f.quote(goods.id, quantity))).rejects.toMatchObject({
          status: 422,
          code: 'quantity_out_of_range',
          details: { goodsId: goods.id, quantity, minPerOrder: 2, maxPerOrder: 200 },
        });
      }
    });

    it('refuses a line total that would overflow with 422 amount_too_large', async () => {
      const goods = await createGoods(shop, operator, categoryId, { onSale: true, priceMinor: Number.MAX_SAFE_INTEGER });
      expect(await facade((f) => f.quote(goods.id, 1))).toMatchObject({ lineTotalMinor: Number.MAX_SAFE_INTEGER });
      await expect(facade((f) => f.quote(goods.id, 2))).rejects.toMatchObject({ status: 422, code: 'amount_too_large' });
    });

    it('prices at the edited price as soon as the edit is made', async () => {
      const goods = await tiered();
      await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(operator)).send({ expectedVersion: 1, priceMinor: 12_000 }).expect(200);
      expect(await facade((f) => f.quote(goods.id, 2))).toMatchObject({ unitPriceMinor: 12_000, lineTotalMinor: 24_000, version: 2 });
    });
  });
});
