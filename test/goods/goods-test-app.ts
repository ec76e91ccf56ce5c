import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CardKeysFacade } from '../../src/modules/card-keys';
import type { DeliveredKey, ExternalDelivery, KeyReservation, StockLevel } from '../../src/modules/card-keys';
import { bearer, createTestApp, TestApp } from '../support/test-app';

/**
 * Stands in for the card-keys module (another module's facade, not our database): answers stock
 * levels from a table the test fills in and counts the calls, so a test can prove one call per page.
 */
export class FakeCardKeys extends CardKeysFacade {
  /** goodsId → available; null is a reusable key (no limit). Goods not listed have 0. */
  readonly available = new Map<string, number | null>();
  readonly stockCalls: string[][] = [];
  failing = false;

  reset(): void {
    this.available.clear();
    this.stockCalls.length = 0;
    this.failing = false;
  }

  async stockLevels(goodsIds: readonly string[]): Promise<Map<string, StockLevel>> {
    this.stockCalls.push([...goodsIds]);
    if (this.failing) throw new Error('card-keys is down (test)');
    return new Map(
      goodsIds.map((goodsId) => [goodsId, { goodsId, available: this.available.has(goodsId) ? (this.available.get(goodsId) as number | null) : 0 }]),
    );
  }

  reserve(): Promise<KeyReservation> {
    throw new Error('not used by goods');
  }

  release(): Promise<number> {
    throw new Error('not used by goods');
  }

  deliver(): Promise<DeliveredKey[]> {
    throw new Error('not used by goods');
  }

  deliveredKeys(): Promise<DeliveredKey[]> {
    throw new Error('not used by goods');
  }

  replaceKey(): Promise<DeliveredKey> {
    throw new Error('not used by goods');
  }

  deliverExternal(): Promise<ExternalDelivery> {
    throw new Error('not used by goods');
  }
}

export interface GoodsTestApp extends TestApp {
  cardKeys: FakeCardKeys;
}

/** The real application (see test/support/test-app.ts) with the card-keys facade replaced by FakeCardKeys. */
export async function createGoodsTestApp(env: Record<string, string> = {}): Promise<GoodsTestApp> {
  const cardKeys = new FakeCardKeys();
  const shop = await createTestApp({ env: { ROLE: 'api', ...env }, overrides: [{ provide: CardKeysFacade, useValue: cardKeys }] });
  return { ...shop, cardKeys };
}

export async function resetGoodsTables(dataSource: DataSource): Promise<void> {
  await dataSource.query(`TRUNCATE goods.goods_history, goods.goods, goods.categories`);
}

export { bearer };

/** Creates a category through the admin API and returns it. */
export async function createCategory(
  shop: TestApp,
  token: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; name: string }> {
  const slug = `cat-${randomUUID().slice(0, 8)}`;
  const res = await shop.http().post('/admin/categories').set(bearer(token)).send({ name: slug, slug, ...fields });
  if (res.status !== 201) throw new Error(`creating a category failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const goodsBody = (categoryId: string, fields: Record<string, unknown> = {}) => ({
  categoryId,
  title: 'Steam wallet 100',
  description: '**Instant** delivery',
  priceMinor: 10_000,
  currency: 'CNY',
  deliveryType: 'auto',
  ...fields,
});

/** Creates goods through the admin API and returns the admin view. */
export async function createGoods(
  shop: TestApp,
  token: string,
  categoryId: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; version: number } & Record<string, unknown>> {
  const res = await shop.http().post('/admin/goods').set(bearer(token)).send(goodsBody(categoryId, fields));
  if (res.status !== 201) throw new Error(`creating goods failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
