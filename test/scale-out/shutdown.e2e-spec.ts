import { randomUUID } from 'node:crypto';
import { connect, Socket } from 'node:net';
import type { DataSource } from 'typeorm';
import { MerchantStub } from '../dynamic-delivery/merchant-stub';
import { assertFreshBuild, ShopCluster, ShopProcess, sleep } from '../support/processes';
import { call, clearPlatformEvents, goods, openDatabase, ownerToken, payOnSandbox, PlacedOrder, placeOrder, sandboxChannel } from './cluster-client';

const SECRET = `dyn-secret-${randomUUID()}-${randomUUID()}`;
/** Short holds on running jobs, so a job whose worker was killed is taken up again within seconds. */
const FAST_STALL_RECOVERY = { QUEUE_LOCK_MS: '2000', QUEUE_STALLED_CHECK_MS: '1000' };

/**
 * SIGTERM and kill -9 on processes of the built app. A dynamic delivery (a job that POSTs to the
 * merchant and waits for its answer) is the job in the middle of which the worker is stopped.
 */
describe('graceful shutdown and crash recovery', () => {
  const merchant = new MerchantStub(SECRET);
  const cluster = new ShopCluster({ DYNAMIC_DELIVERY_SECRET: SECRET, SHUTDOWN_GRACE_MS: '20000', EVENT_RETRY_BACKOFF_MS: '200' });
  let db: DataSource;
  let api: ShopProcess;
  let token: string;
  let channel: string;
  let goodsId: string;
  let merchantUp = false;

  beforeAll(async () => {
    assertFreshBuild();
    await merchant.start();
    merchantUp = true;
    api = await cluster.start('api-1', 'api', { migrations: true });
    db = await openDatabase();
    await clearPlatformEvents(db);
    token = await ownerToken(db);
    channel = await sandboxChannel(api, token);
    goodsId = await goods(api, token, { deliveryType: 'dynamic', dynamicDelivery: { url: merchant.url, timeoutMs: 10_000 } });
  }, 180_000);

  afterAll(async () => {
    await cluster.stopAll();
    await db?.destroy();
    if (merchantUp) await merchant.stop();
  }, 60_000);

  const orderState = async (orderId: string) => {
    const [row] = await db.query(
      `SELECT o.status,
              (SELECT count(*)::int FROM orders.order_transitions t WHERE t.order_id = o.id AND t.to_status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM card_keys.sales s WHERE s.order_id = o.id) AS sold,
              (SELECT count(DISTINCT s.key_id)::int FROM card_keys.sales s WHERE s.order_id = o.id) AS keys
         FROM orders.orders o WHERE o.id = $1`,
      [orderId],
    );
    return row as { status: string; delivered: number; sold: number; keys: number };
  };

  async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms\n${cluster.tails()}`);
      await sleep(100);
    }
  }

  /** Places and pays an order of the dynamic goods; the merchant's first call then follows on a worker. */
  async function paidOrder(quantity: number): Promise<PlacedOrder & { contact: string }> {
    const contact = `buyer-${randomUUID().slice(0, 8)}@shutdown.test`;
    const order = await placeOrder(api, goodsId, quantity, channel, contact);
    await payOnSandbox(api, order.paymentId);
    return { ...order, contact };
  }

  it('a worker given SIGTERM during a job finishes the job, then exits 0', async () => {
    const worker = await cluster.start('worker-1', 'worker');
    merchant.reset({ kind: 'items', delayMs: 2000 });
    const order = await paidOrder(1);
    await until('the merchant is called', () => merchant.requests.length === 1);

    worker.signal('SIGTERM');
    const exit = await worker.waitForExit(30_000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('SIGTERM: no new requests or jobs');
    expect(worker.output()).toContain('shut down cleanly');
    // The job was let finish: the merchant's answer was stored and the order delivered, once.
    expect(merchant.requests).toHaveLength(1);
    expect(await orderState(order.orderId)).toEqual({ status: 'delivered', delivered: 1, sold: 1, keys: 1 });
  }, 120_000);

  it('an api node given SIGTERM refuses new connections, finishes the request in flight and exits 0', async () => {
    const node = await cluster.start('api-2', 'api');
    // A keep-alive connection that has served a request and now sits idle.
    const idle = await rawConnection(node.port);
    const health = await idle.request('GET /health HTTP/1.1\r\nHost: shop\r\n\r\n');
    expect(health).toMatch(/^HTTP\/1\.1 200/);
    // A request in flight: its headers are read (the node's "100 Continue" says so), its body held back.
    const body = JSON.stringify({ goodsId, quantity: 1, channel, contact: 'late@shutdown.test', queryPassword: 'open-sesame' });
    const busy = await rawConnection(node.port);
    busy.socket.write(
      `POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(await busy.interim()).toMatch(/^HTTP\/1\.1 100/);

    node.signal('SIGTERM');
    await node.waitForOutput('SIGTERM: no new requests or jobs', 10_000);
    await until('new connections are refused', async () => (await connectOutcome(node.port)) === 'refused', 15_000);
    await until('the idle keep-alive connection is closed by the node', () => idle.closed, 5000);
    expect(busy.closed).toBe(false);
    expect(node.running).toBe(true);

    busy.socket.write(body);
    const answer = await busy.response();
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    expect(answer.toLowerCase()).toContain('connection: close');
    const exit = await node.waitForExit(30_000);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('a job cut off by kill -9 runs again on a new worker, and takes effect once', async () => {
    const doomed = await cluster.start('worker-2', 'worker', { env: FAST_STALL_RECOVERY });
    merchant.reset({ kind: 'items', delayMs: 3000 });
    const order = await paidOrder(2);
    await until('the merchant is called', () => merchant.requests.length === 1);

    doomed.signal('SIGKILL');
    expect(await doomed.waitForExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await orderState(order.orderId)).status).toBe('awaiting_dynamic_delivery');

    await cluster.start('worker-3', 'worker', { env: FAST_STALL_RECOVERY });
    await until('the order is delivered by the new worker', async () => (await orderState(order.orderId)).status === 'delivered');

    // The merchant was asked twice, with the same request id, and answered the same items;
    // the order holds those items once.
    expect(merchant.requests).toHaveLength(2);
    const [first, second] = merchant.requests.map((r) => String(r.body.requestId));
    expect(second).toBe(first);
    expect(await orderState(order.orderId)).toEqual({ status: 'delivered', delivered: 1, sold: 2, keys: 2 });
    const seen = await call(api, 'POST', `/api/orders/${order.orderNo}/lookup`, { json: { contact: order.contact, queryPassword: 'open-sesame' } });
    expect((seen.body.keys as Array<{ secret: string }>).map((k) => k.secret)).toEqual(merchant.itemsFor(first));
    const [attempts] = await db.query(
      `SELECT count(*) FILTER (WHERE outcome = 'delivered')::int AS delivered, count(*)::int AS logged
         FROM orders.dynamic_delivery_attempts WHERE order_id = $1`,
      [order.orderId],
    );
    expect(attempts).toEqual({ delivered: 1, logged: 1 });
  }, 180_000);
});

/** What connecting to a port gives right now. */
function connectOutcome(port: number): Promise<'connected' | 'refused' | 'other'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'other'));
  });
}

/** A plain TCP connection speaking HTTP/1.1 by hand: the test decides when each byte is sent. */
async function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  const state = { closed: false };
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => undefined);
  /** The next complete response (headers and a Content-Length body). */
  const response = async (): Promise<string> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const end = received.indexOf('\r\n\r\n');
      const length = Number(/content-length: *(\d+)/i.exec(received)?.[1] ?? NaN);
      if (end >= 0 && Number.isFinite(length) && Buffer.byteLength(received.slice(end + 4)) >= length) {
        const whole = received;
        received = '';
        return whole;
      }
      if (state.closed || Date.now() > deadline) throw new Error(`no complete response (closed=${state.closed}): ${received}`);
      await sleep(20);
    }
  };
  /** An interim (1xx) response: a status line and headers, no body. */
  const interim = async (): Promise<string> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const end = received.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = received.slice(0, end + 4);
        received = received.slice(end + 4);
        return head;
      }
      if (state.closed || Date.now() > deadline) throw new Error(`no interim response (closed=${state.closed}): ${received}`);
      await sleep(20);
    }
  };
  return {
    socket: socket as Socket,
    interim,
    get closed() {
      return state.closed;
    },
    response,
    request: async (text: string) => {
      socket.write(text);
      return response();
    },
  };
}
