import { randomUUID } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import { DynamicDelivery, DeliveryAttempt } from '../../src/modules/orders/application/dynamic-delivery';
import { bearer, type TestApp } from '../support/test-app';

/** Empties what dynamic delivery keeps besides the orders (resetShop empties orders, goods and the vault). */
export async function resetDynamicDeliveries(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE orders.dynamic_deliveries, orders.dynamic_delivery_attempts`);
}

/** A dynamic goods item on sale that asks `url` for its items. */
export async function dynamicGoods(shop: TestApp, token: string, url: string, fields: Record<string, unknown> = {}) {
  const category = await shop.http().post('/admin/categories').set(bearer(token)).send({ name: 'Top-ups', slug: `top-${randomUUID().slice(0, 8)}` });
  const res = await shop
    .http()
    .post('/admin/goods')
    .set(bearer(token))
    .send({
      categoryId: category.body.id,
      title: 'Game top-up 60',
      priceMinor: 600,
      currency: 'CNY',
      deliveryType: 'dynamic',
      dynamicDelivery: { url, timeoutMs: 5000 },
      onSale: true,
      maxPerOrder: 10,
      ...fields,
    });
  if (res.status !== 201) throw new Error(`goods: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; categoryId: string; version: number; dynamicDelivery: { url: string; timeoutMs: number } };
}

/** Runs one try of a delivery round directly, as the queue's worker would (a repeated or racing job). */
export function runAttempt(shop: TestApp, job: DeliveryAttempt) {
  return shop.app.get(ClsService).run(() => shop.app.get(DynamicDelivery).attempt(job));
}

export async function orderDetail(shop: TestApp, token: string, orderId: string) {
  const res = await shop.http().get(`/admin/orders/${orderId}`).set(bearer(token));
  if (res.status !== 200) throw new Error(`order detail: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function orderEvents(shop: TestApp, orderId: string): Promise<string[]> {
  const rows: Array<{ type: string }> = await shop.dataSource.query(
    `SELECT type FROM platform.outbox WHERE type LIKE 'orders.%' AND payload->>'orderId' = $1 ORDER BY seq`,
    [orderId],
  );
  return rows.map((r) => r.type);
}
