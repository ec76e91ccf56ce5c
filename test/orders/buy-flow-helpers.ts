import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../src/platform/config/app-config';
import { RateCounters } from '../../src/platform/counters/rate-counters';
import { createChannelAsAdmin } from '../support/admin-channels';
import { drainEvents } from '../support/drain-events';
import { bearer, type TestApp } from '../support/test-app';
import { importKeys, resetVault } from '../card-keys/vault-helpers';
import { sandboxChannelBody } from '../../src/seed/sandbox-channel-body';

export { bearer };

/** Empties what a checkout touches: orders, goods, payments, promotions (campaigns change prices) and the vault. */
export async function resetShop(shop: TestApp): Promise<void> {
  await shop.dataSource.query(
    `TRUNCATE orders.duplicate_payments, orders.order_transitions, orders.orders,
              goods.goods_history, goods.goods, goods.categories`,
  );
  await shop.dataSource.query(
    `DO $$ DECLARE t text; BEGIN
       FOR t IN SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname IN ('payments', 'promotions') LOOP
         EXECUTE 'TRUNCATE ' || t || ' CASCADE';
       END LOOP; END $$`,
  );
  await resetVault(shop);
  // Lookup failure counters live under the app's prefix (in Redis, or in memory without it); start each test with none.
  await shop.app.get(RateCounters).clearPrefix(`${shop.app.get(AppConfig).QUEUE_PREFIX}:order-lookup:`);
}

export async function sandboxChannel(
  shop: TestApp,
  token: string,
  fields: { code?: string; priority?: number; settings?: Record<string, unknown> } = {},
): Promise<string> {
  const code = fields.code ?? 'sandbox';
  await createChannelAsAdmin(shop, token, sandboxChannelBody(code, fields));
  return code;
}

/** A goods item on sale with `keys` card keys; returns its id and the key texts. */
export async function goodsWithKeys(shop: TestApp, token: string, keys: number, fields: Record<string, unknown> = {}) {
  const category = await shop.http().post('/admin/categories').set(bearer(token)).send({ name: 'Gift cards', slug: `gift-${randomUUID().slice(0, 8)}` });
  const goods = await shop
    .http()
    .post('/admin/goods')
    .set(bearer(token))
    .send({
      categoryId: category.body.id,
      title: 'Steam wallet 100',
      description: 'Instant delivery',
      priceMinor: 10_000,
      currency: 'CNY',
      deliveryType: 'auto',
      onSale: true,
      maxPerOrder: 100,
      ...fields,
    });
  if (goods.status !== 201) throw new Error(`goods: ${goods.status} ${JSON.stringify(goods.body)}`);
  const secrets = Array.from({ length: keys }, (_, i) => `KEY-${randomUUID().slice(0, 8)}-${i}`);
  if (keys > 0) await importKeys(shop, token, goods.body.id, secrets);
  return { goodsId: goods.body.id as string, secrets };
}

export function placeOrder(shop: TestApp, body: Record<string, unknown>, key?: string) {
  const req = shop.http().post('/api/orders');
  if (key) req.set('Idempotency-Key', key);
  return req.send({ contact: 'buyer@example.com', queryPassword: 'open-sesame', quantity: 1, ...body });
}

/** Pays on the sandbox's hosted page like a buyer, then lets the workers settle and deliver. */
export async function payOnSandbox(shop: TestApp, paymentId: string): Promise<void> {
  const page = await shop.http().get(`/api/payments/sandbox/pay/${paymentId}`);
  if (page.status !== 200) throw new Error(`pay page: ${page.status}`);
  const paid = await shop.http().post(`/api/payments/sandbox/pay/${paymentId}`).type('form').send({});
  if (paid.status >= 400) throw new Error(`pay: ${paid.status} ${paid.text}`);
  const callback = paid.headers['x-sandbox-callback-status'];
  if (callback !== '200') throw new Error(`the sandbox's callback was answered ${callback}`);
  await drainEvents(shop.app);
}

export function lookup(shop: TestApp, orderNo: string, password = 'open-sesame', contact = 'buyer@example.com') {
  return shop.http().post(`/api/orders/${orderNo}/lookup`).send({ contact, queryPassword: password });
}
