import { randomUUID } from 'node:crypto';
import { drainEvents } from '../support/drain-events';
import type { TestApp } from '../support/test-app';

export const CARD_KEY_TABLES = `card_keys.sales, card_keys.line_deliveries, card_keys.reservations, card_keys.keys,
  card_keys.import_chunks, card_keys.batches, card_keys.goods_settings, card_keys.partner_claims,
  card_keys.partner_scopes, card_keys.partner_api_keys, card_keys.partners`;

export async function resetVault(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE ${CARD_KEY_TABLES}`);
}

/** Imports keys through the admin API (text/plain) and waits for the job; returns the batch. */
export async function importKeys(shop: TestApp, token: string, goodsId: string, keys: string[]) {
  const res = await shop
    .http()
    .post(`/admin/card-keys/goods/${goodsId}/imports`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'text/plain')
    .send(keys.join('\n'));
  if (res.status !== 202) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
  await drainEvents(shop.app);
  const batch = await shop.http().get(`/admin/card-keys/imports/${res.body.batchId}`).set('Authorization', `Bearer ${token}`);
  return batch.body;
}

export const someKeys = (n: number, prefix = randomUUID().slice(0, 8)) =>
  Array.from({ length: n }, (_, i) => `${prefix}-KEY-${String(i).padStart(6, '0')}`);
