import type { DataSource } from 'typeorm';
import { assertFreshBuild, ShopCluster, ShopProcess, sleep } from '../support/processes';
import {
  clearPlatformEvents,
  counterSum,
  goods,
  importKeys,
  inParallel,
  openDatabase,
  ownerToken,
  payOnSandbox,
  PlacedOrder,
  placeOrder,
  sandboxChannel,
} from './cluster-client';

/** Orders driven through the cluster (SCALE_ORDERS overrides); every third one is for 2 keys. */
const ORDERS = Number(process.env.SCALE_ORDERS ?? 300);
const CLIENTS = 16;
/** Every fifth payment's callback is sent twice: once by each api node, at the same time. */
const TWICE_EVERY = 5;
const DELIVERED_WITHIN_MS = 240_000;

/**
 * Two ROLE=api and two ROLE=worker processes of the built app on one PostgreSQL and one Redis:
 * orders and payment callbacks go through both api nodes, settlement and delivery happen on
 * whichever worker takes the job, and every paid order must end delivered exactly once.
 */
describe('scale-out: 2 api + 2 worker processes', () => {
  const cluster = new ShopCluster({
    LOG_LEVEL: 'warn',
    // A delivery that lost a race (a lock timeout, a serialisation failure) is retried soon,
    // rather than after the test default of a minute; it still counts against EVENT_MAX_ATTEMPTS.
    EVENT_RETRY_BACKOFF_MS: '200',
    EVENT_MAX_ATTEMPTS: '5',
  });
  let db: DataSource;
  let api: ShopProcess[];
  let workers: ShopProcess[];

  beforeAll(async () => {
    assertFreshBuild();
    const first = await cluster.start('api-1', 'api', { migrations: true });
    db = await openDatabase();
    await clearPlatformEvents(db);
    const [second, w1, w2] = await Promise.all([
      cluster.start('api-2', 'api'),
      cluster.start('worker-1', 'worker'),
      cluster.start('worker-2', 'worker'),
    ]);
    api = [first, second];
    workers = [w1, w2];
  }, 300_000);

  afterAll(async () => {
    await cluster.stopAll();
    await db?.destroy();
  }, 60_000);

  it(`delivers each of ${ORDERS} paid orders exactly once, with both workers doing the work`, async () => {
    const token = await ownerToken(db);
    const channel = await sandboxChannel(api[0], token);
    const goodsId = await goods(api[0], token);
    const quantities = Array.from({ length: ORDERS }, (_, i) => (i % 3 === 0 ? 2 : 1));
    const keys = quantities.reduce((a, b) => a + b, 0);
    await importKeys(api[0], token, goodsId, keys, 120_000);

    // Orders through both api nodes, alternating.
    const placed: PlacedOrder[] = new Array(ORDERS);
    const t0 = Date.now();
    await inParallel(quantities, CLIENTS, async (quantity, i) => {
      placed[i] = await placeOrder(api[i % 2], goodsId, quantity, channel, `buyer-${i}@scale.test`);
    });
    const placing = (Date.now() - t0) / 1000;

    // Payments: the sandbox calls back the node whose pay page was used (the other one than the
    // order's); some callbacks twice, to both nodes at once, as a provider retrying would.
    const t1 = Date.now();
    let callbacks = 0;
    await inParallel(placed, CLIENTS, async (order, i) => {
      const node = api[(i + 1) % 2];
      const twice = i % TWICE_EVERY === 0;
      await Promise.all([payOnSandbox(node, order.paymentId), ...(twice ? [payOnSandbox(api[i % 2], order.paymentId)] : [])]);
      callbacks += twice ? 2 : 1;
    });
    const paying = (Date.now() - t1) / 1000;

    const orderIds = placed.map((o) => o.orderId);
    const deadline = Date.now() + DELIVERED_WITHIN_MS;
    let delivered = 0;
    while (delivered < ORDERS) {
      const [row] = await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::uuid[]) AND status = 'delivered'`, [orderIds]);
      delivered = row.n;
      if (delivered === ORDERS) break;
      if (Date.now() > deadline) {
        throw new Error(`only ${delivered}/${ORDERS} orders delivered after ${DELIVERED_WITHIN_MS} ms\n${cluster.tails()}`);
      }
      await sleep(500);
    }
    const settling = (Date.now() - t1) / 1000;
    console.log(
      `scale-out (2 api + 2 worker processes, 2 cores shared): ${ORDERS} orders placed in ${placing.toFixed(1)} s ` +
        `(${(ORDERS / placing).toFixed(0)} orders/s from ${CLIENTS} clients); ${callbacks} callbacks acknowledged in ` +
        `${paying.toFixed(1)} s; all ${ORDERS} delivered ${settling.toFixed(1)} s after the first payment ` +
        `(${(ORDERS / settling).toFixed(0)} paid orders delivered/s)`,
    );

    // Every order: paid once, delivered once, with its own keys.
    const perOrder: Array<{ id: string; status: string; channel: string; paid: number; delivered: number; sold: number; lines: number }> =
      await db.query(
        `SELECT o.id, o.status, o.payment_channel AS channel,
                (SELECT count(*)::int FROM orders.order_transitions t WHERE t.order_id = o.id AND t.to_status = 'paid') AS paid,
                (SELECT count(*)::int FROM orders.order_transitions t WHERE t.order_id = o.id AND t.to_status = 'delivered') AS delivered,
                (SELECT count(*)::int FROM card_keys.sales s WHERE s.order_id = o.id) AS sold,
                (SELECT count(*)::int FROM card_keys.line_deliveries d WHERE d.order_id = o.id) AS lines
           FROM orders.orders o WHERE o.id = ANY($1::uuid[])`,
        [orderIds],
      );
    const quantityOf = new Map(placed.map((o) => [o.orderId, o.quantity]));
    const wrong = perOrder.filter(
      (o) => o.status !== 'delivered' || o.channel !== channel || o.paid !== 1 || o.delivered !== 1 || o.lines !== 1 || o.sold !== quantityOf.get(o.id),
    );
    expect(perOrder).toHaveLength(ORDERS);
    expect(wrong).toEqual([]);

    // Each key sold to exactly one order: as many distinct keys as keys sold, and none left.
    const [sales] = await db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT key_id)::int AS keys, count(DISTINCT order_id)::int AS orders
         FROM card_keys.sales WHERE order_id = ANY($1::uuid[])`,
      [orderIds],
    );
    expect(sales).toEqual({ rows: keys, keys, orders: ORDERS });
    const stock: Array<{ status: string; n: number }> = await db.query(
      `SELECT status, count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1 GROUP BY status`,
      [goodsId],
    );
    expect(stock).toEqual([{ status: 'sold', n: keys }]);

    // Each payment settled once; the repeated callbacks were recognised as repeats.
    const [payments] = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              (SELECT count(*)::int FROM orders.duplicate_payments WHERE order_id = ANY($2::uuid[])) AS duplicates
         FROM payments.payments WHERE id = ANY($1::uuid[])`,
      [placed.map((o) => o.paymentId), orderIds],
    );
    expect(payments).toEqual({ succeeded: ORDERS, duplicates: 0 });
    const [events] = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT payload->>'orderId')::int AS orders
         FROM platform.outbox WHERE type = 'orders.order.delivered' AND payload->>'orderId' = ANY($1::text[])`,
      [orderIds],
    );
    expect(events).toEqual({ n: ORDERS, orders: ORDERS });

    // Nothing gave up: no event delivery exhausted its attempts on either worker.
    const [dead] = await db.query(`SELECT count(*)::int AS n FROM platform.dead_letters`);
    expect(dead.n).toBe(0);

    // Both worker processes took jobs from the shared queues.
    const handled = await Promise.all(workers.map((w) => counterSum(w, 'event_handler_runs_total', { outcome: 'success' })));
    const failed = await Promise.all(workers.map((w) => counterSum(w, 'event_handler_runs_total', { outcome: 'failure' })));
    const served = await Promise.all(api.map((a) => counterSum(a, 'http_requests_total', { route: '/api/orders' })));
    console.log(
      `event deliveries handled: worker-1 ${handled[0]}, worker-2 ${handled[1]} (failed attempts, retried: ${failed[0]} + ${failed[1]}); ` +
        `POST /api/orders served: api-1 ${served[0]}, api-2 ${served[1]}`,
    );
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    for (const p of cluster.processes) expect(p.running).toBe(true);
  }, 600_000);
});
