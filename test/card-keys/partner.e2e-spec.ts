import { randomUUID } from 'node:crypto';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { importKeys, resetVault, someKeys } from './vault-helpers';

describe('partner API', () => {
  let shop: TestApp;
  let owner: string;
  let goodsId: string;
  let partnerId: string;
  let apiKey: string;

  const admin = () => ({ Authorization: `Bearer ${owner}` });
  const claim = (body: object, key = apiKey) => shop.http().post('/partner/v1/claims').set('X-Api-Key', key).send(body);

  beforeAll(async () => {
    shop = await createTestApp();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetVault(shop);
    owner = await shop.adminToken('owner');
    goodsId = randomUUID();
    await importKeys(shop, owner, goodsId, someKeys(20));
    partnerId = (await shop.http().post('/admin/card-keys/partners').set(admin()).send({ name: 'Reseller A', rateLimitPerMinute: 1000 })).body.id;
    apiKey = (await shop.http().post(`/admin/card-keys/partners/${partnerId}/api-keys`).set(admin())).body.apiKey;
    const scoped = await shop.http().put(`/admin/card-keys/partners/${partnerId}/scopes/${goodsId}`).set(admin()).send({ quota: 5 });
    expect(scoped.status).toBe(200);
  });
  afterAll(() => shop.close());

  it('claims keys and returns the same keys for the same external reference', async () => {
    const first = await claim({ goodsId, quantity: 2, externalRef: 'order-1001' });
    expect(first.status).toBe(201);
    expect(first.body.keys).toHaveLength(2);
    const again = await claim({ goodsId, quantity: 2, externalRef: 'order-1001' });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const fetched = await shop.http().get('/partner/v1/claims/order-1001').set('X-Api-Key', apiKey);
    expect(fetched.body.keys).toEqual(first.body.keys);
    const scopes = await shop.http().get('/partner/v1/scopes').set('X-Api-Key', apiKey);
    expect(scopes.body).toEqual([{ goodsId, quota: 5, claimed: 2, available: 18 }]);
  });

  it('hands out one set of keys when the same reference is claimed many times at once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => claim({ goodsId, quantity: 1, externalRef: 'race-1' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.body.keys[0].keyId)).size).toBe(1);
    const [{ claimed }] = await shop.dataSource.query(`SELECT claimed FROM card_keys.partner_scopes WHERE partner_id = $1`, [partnerId]);
    expect(claimed).toBe(1);
  });

  it('refuses a reused reference with other terms (422), goods outside the scope (403) and claims past the quota (409)', async () => {
    await claim({ goodsId, quantity: 1, externalRef: 'r-1' });
    const reused = await claim({ goodsId, quantity: 2, externalRef: 'r-1' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('external_ref_reused');

    const otherGoods = randomUUID();
    await importKeys(shop, owner, otherGoods, someKeys(3));
    const outOfScope = await claim({ goodsId: otherGoods, quantity: 1, externalRef: 'r-2' });
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.code).toBe('goods_not_in_scope');

    const overQuota = await claim({ goodsId, quantity: 5, externalRef: 'r-3' });
    expect(overQuota.status).toBe(409);
    expect(overQuota.body.error.code).toBe('partner_quota_exceeded');
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.partner_claims`);
    expect(n).toBe(1); // the refused claims left nothing behind
  });

  it('never passes the quota under parallel claims', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => claim({ goodsId, quantity: 1, externalRef: `p-${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });

  it('answers 401 for a missing, unknown or revoked key and stores keys only hashed', async () => {
    expect((await shop.http().post('/partner/v1/claims').send({ goodsId, quantity: 1, externalRef: 'x' })).status).toBe(401);
    expect((await claim({ goodsId, quantity: 1, externalRef: 'x' }, `csp_${'x'.repeat(43)}`)).status).toBe(401);
    const stored = JSON.stringify(await shop.dataSource.query(`SELECT * FROM card_keys.partner_api_keys`));
    expect(stored).not.toContain(apiKey);
    const [{ id }] = await shop.dataSource.query(`SELECT id FROM card_keys.partner_api_keys`);
    expect((await shop.http().post(`/admin/card-keys/partners/${partnerId}/api-keys/${id}/revoke`).set(admin())).status).toBe(204);
    expect((await claim({ goodsId, quantity: 1, externalRef: 'x' })).status).toBe(401);
  });

  it('rate-limits each partner with 429', async () => {
    const slow = (await shop.http().post('/admin/card-keys/partners').set(admin()).send({ name: 'Slow', rateLimitPerMinute: 3 })).body.id;
    const key = (await shop.http().post(`/admin/card-keys/partners/${slow}/api-keys`).set(admin())).body.apiKey;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await shop.http().get('/partner/v1/scopes').set('X-Api-Key', key)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('validates claims and keeps partner administration to the owner', async () => {
    const bad = await claim({ goodsId, quantity: 0, externalRef: '' });
    expect(bad.status).toBe(400);
    const operator = await shop.adminToken('operator');
    expect((await shop.http().post('/admin/card-keys/partners').set('Authorization', `Bearer ${operator}`).send({ name: 'X' })).status).toBe(403);
  });
});
