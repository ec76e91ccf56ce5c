import { randomUUID } from 'node:crypto';
import { CardKeysFacade, OutOfStockError } from '../../src/modules/card-keys';
import { KeyAllocator } from '../../src/modules/card-keys/allocation/key-allocator';
import { FixedClock } from '../../src/platform/clock/clock';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { importKeys, resetVault, someKeys } from './vault-helpers';

describe('card-key vault', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let operator: string;
  let facade: CardKeysFacade;
  const inHour = () => new Date(clock.now().getTime() + 3_600_000);

  beforeAll(async () => {
    shop = await createTestApp({ clock });
    facade = shop.app.get(CardKeysFacade);
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetVault(shop);
    operator = await shop.adminToken('operator');
  });
  afterAll(() => shop.close());

  const outboxTypes = async () =>
    (await shop.dataSource.query(`SELECT type, payload FROM platform.outbox ORDER BY seq`)) as Array<{
      type: string;
      payload: Record<string, unknown>;
    }>;

  describe('import', () => {
    it('imports pasted text, skips blanks, reports duplicates and invalid lines, and stores no plain text', async () => {
      const goodsId = randomUUID();
      const keys = ['AAAA-1111', 'BBBB-2222', '', 'AAAA-1111', `bad\u0001key`, '  CCCC-3333  '];
      const batch = await importKeys(shop, operator, goodsId, keys);
      expect(batch).toMatchObject({ status: 'completed', linesReceived: 6, imported: 3, duplicates: 1, invalid: 1 });
      expect(batch.invalidSamples).toEqual([{ line: 5, reason: 'contains control characters' }]);

      const rows = await shop.dataSource.query(`SELECT sealed_secret, mask FROM card_keys.keys WHERE goods_id = $1`, [goodsId]);
      expect(rows).toHaveLength(3);
      const everything = JSON.stringify(await shop.dataSource.query(`SELECT k.*, b.* FROM card_keys.keys k JOIN card_keys.batches b ON b.id = k.batch_id`));
      for (const k of ['AAAA-1111', 'BBBB-2222', 'CCCC-3333']) {
        expect(everything).not.toContain(k);
        expect(rows.some((r: { sealed_secret: Buffer }) => r.sealed_secret.includes(Buffer.from(k)))).toBe(false);
      }
      expect(rows.map((r: { mask: string }) => r.mask).sort()).toEqual(['AA*****11', 'BB*****22', 'CC*****33']);

      const stock = await facade.stockLevels([goodsId]);
      expect(stock.get(goodsId)).toEqual({ goodsId, available: 3 });
      const types = (await outboxTypes()).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['card-keys.batch.imported', 'card-keys.stock.added']));
    });

    it('finds duplicates across imports of the same goods item but not across goods items', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, ['K-1', 'K-2']);
      const second = await importKeys(shop, operator, goodsId, ['K-2', 'K-3']);
      expect(second).toMatchObject({ imported: 1, duplicates: 1 });
      const other = await importKeys(shop, operator, randomUUID(), ['K-1', 'K-2']);
      expect(other).toMatchObject({ imported: 2, duplicates: 0 });
      const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1`, [goodsId]);
      expect(n).toBe(3);
    });

    it('imports a JSON array and an uploaded file, in chunks', async () => {
      const goodsId = randomUUID();
      const json = await shop
        .http()
        .post(`/admin/card-keys/goods/${goodsId}/imports`)
        .set('Authorization', `Bearer ${operator}`)
        .send({ keys: ['J-1', 'J-2', 'J-1'] });
      expect(json.status).toBe(202);
      const file = await shop
        .http()
        .post(`/admin/card-keys/goods/${goodsId}/imports`)
        .set('Authorization', `Bearer ${operator}`)
        .attach('file', Buffer.from(someKeys(12_345, 'F').join('\r\n') + '\r\n'), 'keys.txt');
      expect(file.status).toBe(202);
      expect(file.body.linesReceived).toBe(12_345);
      await drainEvents(shop.app);
      const status = async (id: string) =>
        (await shop.http().get(`/admin/card-keys/imports/${id}`).set('Authorization', `Bearer ${operator}`)).body;
      expect(await status(json.body.batchId)).toMatchObject({ status: 'completed', imported: 2, duplicates: 1, source: 'json' });
      expect(await status(file.body.batchId)).toMatchObject({ status: 'completed', imported: 12_345, source: 'file' });
      const [{ chunks }] = await shop.dataSource.query(`SELECT count(*)::int AS chunks FROM card_keys.import_chunks`);
      expect(chunks).toBe(0);
    });

    it('refuses bad imports with 400 and creates no batch', async () => {
      const goodsId = randomUUID();
      const auth = { Authorization: `Bearer ${operator}` };
      const cases = [
        shop.http().post(`/admin/card-keys/goods/${goodsId}/imports`).set(auth).send({ keys: [] }),
        shop.http().post(`/admin/card-keys/goods/${goodsId}/imports`).set(auth).send({ keys: ['a'], extra: 1 }),
        shop.http().post(`/admin/card-keys/goods/${goodsId}/imports`).set(auth).set('Content-Type', 'application/xml').send('<a/>'),
        shop.http().post(`/admin/card-keys/goods/not-a-uuid/imports`).set(auth).set('Content-Type', 'text/plain').send('K'),
      ];
      for (const res of await Promise.all(cases)) {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.batches`);
      expect(n).toBe(0);
    });

    it('lets only operators and owners import', async () => {
      const support = await shop.adminToken('support');
      const res = await shop
        .http()
        .post(`/admin/card-keys/goods/${randomUUID()}/imports`)
        .set('Authorization', `Bearer ${support}`)
        .send({ keys: ['X'] });
      expect(res.status).toBe(403);
      expect((await shop.http().get(`/admin/card-keys/imports/${randomUUID()}`)).status).toBe(401);
    });
  });

  describe('reservation and delivery', () => {
    it('reserves 50 keys to 200 parallel orders: exactly 50 succeed, no key twice, the rest 409', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, someKeys(50));
      const attempts = await Promise.allSettled(
        Array.from({ length: 200 }, () =>
          facade.reserve({ orderId: randomUUID(), lineId: '1', goodsId, quantity: 1, expiresAt: inHour() }),
        ),
      );
      const ok = attempts.filter((a) => a.status === 'fulfilled');
      const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(ok).toHaveLength(50);
      expect(refused).toHaveLength(150);
      for (const r of refused) {
        expect(r.reason).toBeInstanceOf(OutOfStockError);
        expect(r.reason.status).toBe(409);
      }
      const held = await shop.dataSource.query(
        `SELECT id, reserved_order_id FROM card_keys.keys WHERE goods_id = $1 AND status = 'reserved'`,
        [goodsId],
      );
      expect(held).toHaveLength(50);
      expect(new Set(held.map((k: { reserved_order_id: string }) => k.reserved_order_id)).size).toBe(50);
      const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.reservations WHERE goods_id = $1`, [goodsId]);
      expect(n).toBe(50); // refused reservations left nothing behind
    });

    it('delivers the reserved keys exactly once, even when asked twice at the same time', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, someKeys(5));
      const orderId = randomUUID();
      await facade.reserve({ orderId, lineId: '1', goodsId, quantity: 2, expiresAt: inHour() });
      const [a, b] = await Promise.all([
        facade.deliver({ orderId, lineId: '1', goodsId, quantity: 2 }),
        facade.deliver({ orderId, lineId: '1', goodsId, quantity: 2 }),
      ]);
      expect(a).toHaveLength(2);
      expect(b).toEqual(a);
      const again = await facade.deliver({ orderId, lineId: '1', goodsId, quantity: 2 });
      expect(again).toEqual(a);
      const sold = await shop.dataSource.query(`SELECT id FROM card_keys.keys WHERE status = 'sold' AND goods_id = $1`, [goodsId]);
      expect(sold.map((k: { id: string }) => k.id).sort()).toEqual(a.map((k) => k.keyId).sort());
      expect((await facade.stockLevels([goodsId])).get(goodsId)?.available).toBe(3);
    });

    it('releases a reservation, and allocates fresh keys for a lapsed one at delivery', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, someKeys(3));
      const first = randomUUID();
      await facade.reserve({ orderId: first, lineId: '1', goodsId, quantity: 2, expiresAt: inHour() });
      expect(await facade.release({ orderId: first })).toBe(2);
      expect(await facade.release({ orderId: first })).toBe(0);

      const late = randomUUID();
      await facade.reserve({ orderId: late, lineId: '1', goodsId, quantity: 2, expiresAt: inHour() });
      clock.advance(2 * 3_600_000);
      expect(await shop.app.get(KeyAllocator).releaseLapsed()).toBe(1);
      const other = randomUUID();
      await facade.reserve({ orderId: other, lineId: '1', goodsId, quantity: 2, expiresAt: inHour() });
      // The late order pays now: one key is left, it needs two.
      await expect(facade.deliver({ orderId: late, lineId: '1', goodsId, quantity: 2 })).rejects.toBeInstanceOf(OutOfStockError);
      await facade.release({ orderId: other });
      const keys = await facade.deliver({ orderId: late, lineId: '1', goodsId, quantity: 2 });
      expect(keys).toHaveLength(2);
    });

    it('returns the same keys on re-send and replaces a defective key with a new one never sold again', async () => {
      const goodsId = randomUUID();
      const secrets = someKeys(4);
      await importKeys(shop, operator, goodsId, secrets);
      const orderId = randomUUID();
      await facade.reserve({ orderId, lineId: '1', goodsId, quantity: 2, expiresAt: inHour() });
      const delivered = await facade.deliver({ orderId, lineId: '1', goodsId, quantity: 2 });
      expect(delivered.every((k) => secrets.includes(k.secret))).toBe(true);
      expect(await facade.deliveredKeys({ orderId, reason: 'buyer lost the e-mail' })).toEqual(delivered);

      const bad = delivered[0];
      const replacement = await facade.replaceKey({ orderId, keyId: bad.keyId, reason: 'buyer says key invalid' });
      expect(replacement.keyId).not.toBe(bad.keyId);
      expect(await facade.deliveredKeys({ orderId, reason: 'check' })).toEqual([replacement, delivered[1]]);
      const [{ status }] = await shop.dataSource.query(`SELECT status FROM card_keys.keys WHERE id = $1`, [bad.keyId]);
      expect(status).toBe('defective');

      // The defective key never comes back: one key left, and it is not the defective one.
      const next = randomUUID();
      await facade.reserve({ orderId: next, lineId: '1', goodsId, quantity: 1, expiresAt: inHour() });
      const [last] = await facade.deliver({ orderId: next, lineId: '1', goodsId, quantity: 1 });
      expect(last.keyId).not.toBe(bad.keyId);
      await expect(
        facade.reserve({ orderId: randomUUID(), lineId: '1', goodsId, quantity: 1, expiresAt: inHour() }),
      ).rejects.toBeInstanceOf(OutOfStockError);

      const audit = await shop.dataSource.query(`SELECT action, reason FROM platform.audit_log WHERE action = 'card-keys.replace'`);
      expect(audit).toEqual([{ action: 'card-keys.replace', reason: 'buyer says key invalid' }]);
    });

    it('sells a reusable key any number of times and shows unlimited stock', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, ['https://example.com/download?token=abc']);
      const res = await shop
        .http()
        .put(`/admin/card-keys/goods/${goodsId}/settings`)
        .set('Authorization', `Bearer ${operator}`)
        .send({ reusable: true, lowStockThreshold: 0 });
      expect(res.status).toBe(200);
      expect((await facade.stockLevels([goodsId])).get(goodsId)?.available).toBeNull();
      for (let i = 0; i < 3; i += 1) {
        const orderId = randomUUID();
        await facade.reserve({ orderId, lineId: '1', goodsId, quantity: 2, expiresAt: inHour() });
        const keys = await facade.deliver({ orderId, lineId: '1', goodsId, quantity: 2 });
        expect(keys.map((k) => k.secret)).toEqual(Array(2).fill('https://example.com/download?token=abc'));
      }
    });

    it('reports low stock once per dip below the threshold', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, someKeys(4));
      await shop
        .http()
        .put(`/admin/card-keys/goods/${goodsId}/settings`)
        .set('Authorization', `Bearer ${operator}`)
        .send({ reusable: false, lowStockThreshold: 2 });
      for (let i = 0; i < 4; i += 1) {
        await facade.reserve({ orderId: randomUUID(), lineId: '1', goodsId, quantity: 1, expiresAt: inHour() });
      }
      const low = (await outboxTypes()).filter((e) => e.type === 'card-keys.stock.low');
      expect(low).toHaveLength(1);
      expect(low[0].payload).toEqual({ goodsId, available: 2, threshold: 2 });
    });
  });

  describe('admin views and security', () => {
    it('lists keys masked, reveals and exports them only as audited actions', async () => {
      const goodsId = randomUUID();
      const secrets = someKeys(3);
      await importKeys(shop, operator, goodsId, secrets);
      const auth = { Authorization: `Bearer ${operator}` };
      const list = await shop.http().get(`/admin/card-keys/goods/${goodsId}/keys`).set(auth);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(3);
      for (const s of secrets) expect(JSON.stringify(list.body)).not.toContain(s);

      const noReason = await shop.http().post(`/admin/card-keys/goods/${goodsId}/keys/reveal`).set(auth).send({ keyIds: [list.body.items[0].keyId] });
      expect(noReason.status).toBe(400);
      const reveal = await shop
        .http()
        .post(`/admin/card-keys/goods/${goodsId}/keys/reveal`)
        .set(auth)
        .send({ keyIds: [list.body.items[0].keyId], reason: 'checking a complaint' });
      expect(reveal.status).toBe(200);
      expect(secrets).toContain(reveal.body.keys[0].secret);

      const exported = await shop.http().get(`/admin/card-keys/goods/${goodsId}/export?status=available&reason=stock%20audit`).set(auth);
      expect(exported.status).toBe(200);
      expect(exported.text.trim().split('\n').sort()).toEqual([...secrets].sort());

      const audit = await shop.dataSource.query(`SELECT action, reason FROM platform.audit_log ORDER BY at, action`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(
        expect.arrayContaining(['card-keys.reveal', 'card-keys.export']),
      );
      expect(JSON.stringify(audit)).not.toContain(secrets[0]);
    });

    it('voids an available key (audited) and refuses to void a sold one', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, someKeys(2));
      const [key] = await shop.dataSource.query(`SELECT id FROM card_keys.keys WHERE goods_id = $1 LIMIT 1`, [goodsId]);
      const auth = { Authorization: `Bearer ${operator}` };
      const res = await shop.http().post(`/admin/card-keys/keys/${key.id}/void`).set(auth).send({ reason: 'leaked' });
      expect(res.status).toBe(200);
      const again = await shop.http().post(`/admin/card-keys/keys/${key.id}/void`).set(auth).send({ reason: 'leaked' });
      expect(again.status).toBe(409);
      expect((await facade.stockLevels([goodsId])).get(goodsId)?.available).toBe(1);
    });

    it('refuses to decrypt a ciphertext copied onto another row', async () => {
      const goodsId = randomUUID();
      await importKeys(shop, operator, goodsId, ['FIRST-SECRET', 'SECOND-SECRET']);
      const [a, b] = await shop.dataSource.query(`SELECT id, sealed_secret FROM card_keys.keys WHERE goods_id = $1 ORDER BY id`, [goodsId]);
      await shop.dataSource.query(`UPDATE card_keys.keys SET sealed_secret = $2 WHERE id = $1`, [b.id, a.sealed_secret]);
      const res = await shop
        .http()
        .post(`/admin/card-keys/goods/${goodsId}/keys/reveal`)
        .set('Authorization', `Bearer ${operator}`)
        .send({ keyIds: [b.id], reason: 'tamper test' });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/SECRET/);
      const orderId = randomUUID();
      await expect(
        (async () => {
          await shop.dataSource.query(`UPDATE card_keys.keys SET status = 'void' WHERE id = $1`, [a.id]);
          await facade.reserve({ orderId, lineId: '1', goodsId, quantity: 1, expiresAt: inHour() });
          return facade.deliver({ orderId, lineId: '1', goodsId, quantity: 1 });
        })(),
      ).rejects.toThrow();
    });
  });
});
