import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { moveEmbeddedToPostgres } from '../../../src/platform/database/embedded/move-to-postgres';
import { seedShop, type SeededGoods } from '../../../src/seed/seed-shop';
import { formatSeedReport } from '../../../src/seed/seed-report';
import { bearer, lookup, payOnSandbox, placeOrder } from '../../orders/buy-flow-helpers';
import { createListeningTestApp, createTestApp, type TestApp } from '../../support/test-app';

/**
 * The whole shop on the embedded database (no DATABASE_URL): migrations, the seed, a purchase over
 * HTTP, checkouts racing for the last keys, the data still there after a restart, and the move to
 * PostgreSQL.
 */
describe('the shop on the embedded database', () => {
  let dataDir: string;
  let shop: TestApp & { baseUrl: string };
  let goods: SeededGoods[];
  let ownerToken: string;
  let closed = false;

  // No DATABASE_URL and no REDIS_URL: what a newcomer gets from `npm ci && npm start`.
  const start = () => createListeningTestApp({ env: { DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir } });

  // A cold start (WebAssembly compiled, the database created, every migration run) can take tens of
  // seconds on a busy machine; later starts take a few.
  const BOOT_MS = 180_000;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cardshop-embedded-'));
    shop = await start();
  }, BOOT_MS);

  afterAll(async () => {
    if (!closed) await shop?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs one statement on the server of the test database, outside it (CREATE/DROP DATABASE). */
  async function onServer(sql: string): Promise<void> {
    const admin = new URL(process.env.DATABASE_URL as string);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  it('runs the migrations on PGlite in DATA_DIR', async () => {
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    const [{ version }] = await shop.dataSource.query(`SELECT version()`);
    expect(version).toContain('PGlite');
    const [{ pending }] = await shop.dataSource.query(`SELECT count(*)::int AS pending FROM public.migrations`);
    expect(pending).toBeGreaterThan(10);
  });

  it('seeds an owner, the sandbox channel and goods with keys, and prints what to open', async () => {
    const result = await seedShop(shop.app, shop.baseUrl);
    if (!result.seeded) throw new Error('expected a first seed');
    ownerToken = result.ownerToken;
    goods = result.goods;
    expect(goods).toHaveLength(3);

    const channel = await shop.http().get('/admin/payments/channels/sandbox').set(bearer(ownerToken));
    expect(channel.status).toBe(200);
    const listing = await shop.http().get('/api/goods');
    for (const g of goods) expect(listing.body.items.find((i: { id: string }) => i.id === g.id)).toMatchObject({ stock: 5 });

    const report = formatSeedReport(result, 'http://localhost:3000', true);
    expect(report).toContain(ownerToken);
    expect(report).toContain(`"goodsId":"${goods[0].id}"`);
    expect(report).toContain('http://localhost:3000/docs');
  });

  it('sells a key: order, sandbox payment, the buyer sees the key', async () => {
    const placed = await placeOrder(shop, { goodsId: goods[0].id, quantity: 2 });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'pending_payment', totalMinor: 2 * goods[0].priceMinor });

    await payOnSandbox(shop, placed.body.payment.paymentId);

    const seen = await lookup(shop, placed.body.orderNo);
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('delivered');
    expect(seen.body.keys).toHaveLength(2);
    for (const k of seen.body.keys) expect(k.secret).toMatch(/^DEMO-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
  });

  it('holds under concurrent checkouts: 10 buyers race for 5 keys, exactly 5 get an order', async () => {
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) => placeOrder(shop, { goodsId: goods[1].id, quantity: 1, contact: `racer${i}@example.com` })),
    );
    const statuses = racing.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 409, 409, 409, 409, 409]);
    for (const lost of racing.filter((r) => r.status === 409)) expect(lost.body.error.code).toBe('out_of_stock');
    const [{ held }] = await shop.dataSource.query(
      `SELECT count(*)::int AS held FROM orders.orders WHERE goods_id = $1 AND status = 'pending_payment'`,
      [goods[1].id],
    );
    expect(held).toBe(5);
  });

  it('keeps everything across a restart on the same DATA_DIR, and a second seed changes nothing', async () => {
    const [{ orders }] = await shop.dataSource.query(`SELECT count(*)::int AS orders FROM orders.orders`);
    const delivered = (await shop.dataSource.query(`SELECT order_no FROM orders.orders WHERE status = 'delivered'`))[0].order_no;
    await shop.close();

    shop = await start();
    const [{ after }] = await shop.dataSource.query(`SELECT count(*)::int AS after FROM orders.orders`);
    expect(after).toBe(orders);
    const seen = await lookup(shop, delivered);
    expect(seen.body.keys).toHaveLength(2);
    // The owner's token from the first run still works.
    expect((await shop.http().get('/admin/goods').set(bearer(ownerToken))).status).toBe(200);

    const again = await seedShop(shop.app, shop.baseUrl);
    expect(again.seeded).toBe(false);
    expect(again.goods.map((g) => g.id).sort()).toEqual(goods.map((g) => g.id).sort());
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM goods.goods`);
    expect(n).toBe(3);
    expect(formatSeedReport(again, 'http://localhost:3000', true)).toContain('already seeded');
  }, BOOT_MS);

  it('moves to PostgreSQL: a new database gets every row, and the shop there shows the same keys', async () => {
    const delivered = (await shop.dataSource.query(`SELECT order_no FROM orders.orders WHERE status = 'delivered'`))[0].order_no;
    const seen = (await lookup(shop, delivered)).body.keys;
    await shop.close();
    closed = true; // the move needs the data directory to itself
    const target = new URL(process.env.DATABASE_URL as string);
    const name = `${target.pathname.slice(1)}_moved`;
    target.pathname = `/${name}`;
    await onServer(`DROP DATABASE IF EXISTS "${name}"`);
    await onServer(`CREATE DATABASE "${name}"`);
    try {
      const report = await moveEmbeddedToPostgres(dataDir, target.toString(), () => undefined);
      expect(report.rows).toBeGreaterThan(50);
      // A second move into the now-filled database is refused.
      await expect(moveEmbeddedToPostgres(dataDir, target.toString(), () => undefined)).rejects.toThrow(/already has migrations/);

      const moved = await createTestApp({ env: { DATABASE_URL: target.toString() } });
      try {
        const [{ version }] = await moved.dataSource.query(`SELECT version()`);
        expect(version).not.toContain('PGlite');
        expect((await lookup(moved, delivered)).body.keys).toEqual(seen);
        expect((await moved.http().get('/admin/goods').set(bearer(ownerToken))).body.items).toHaveLength(3);
        // Sequences moved too: new rows do not collide with the copied ones.
        const placed = await placeOrder(moved, { goodsId: goods[2].id });
        expect(placed.status).toBe(201);
      } finally {
        await moved.close();
      }
    } finally {
      await onServer(`DROP DATABASE IF EXISTS "${name}"`);
    }
  }, BOOT_MS);
});
