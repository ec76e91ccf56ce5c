import Redis from 'ioredis';
import { ClsService } from 'nestjs-cls';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { OrdersFacade } from '../../src/modules/orders';
import { DynamicDeliveryWorker } from '../../src/modules/orders/jobs/dynamic-delivery-worker';
import { ExpireUnpaidOrders } from '../../src/modules/orders/jobs/expire-unpaid';
import { FixedClock } from '../../src/platform/clock/clock';
import { AppConfig } from '../../src/platform/config/app-config';
import { REDIS } from '../../src/platform/redis/redis.module';
import { bearer, lookup, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { dynamicGoods, orderDetail, orderEvents, resetDynamicDeliveries, runAttempt } from './dynamic-delivery-helpers';
import { MerchantStub } from './merchant-stub';

const SECRET = `dyn-secret-${randomUUID()}-${randomUUID()}`;
const MAX_ATTEMPTS = 3;

describe('dynamic delivery', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  const merchant = new MerchantStub(SECRET);
  const logs: string[] = [];
  let shop: TestApp;
  let owner: string;
  let operator: string;

  beforeAll(async () => {
    await merchant.start();
    shop = await createTestApp({
      clock,
      env: {
        LOG_LEVEL: 'warn',
        DYNAMIC_DELIVERY_SECRET: SECRET,
        DYNAMIC_DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        // A minute between tries: the tests pass only because drainEvents makes retries due at once.
        DYNAMIC_DELIVERY_BACKOFF_MS: '60000',
      },
    });
    // Everything the app logs goes through pino's stream: keep it (from now on at debug level, the
    // chattiest) to search for the secret.
    const stream = (PinoLogger.root as unknown as Record<symbol, { write: (chunk: string) => boolean }>)[pino.symbols.streamSym];
    stream.write = (chunk: string) => {
      logs.push(String(chunk));
      return true;
    };
    PinoLogger.root.level = 'debug';
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    merchant.reset();
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetDynamicDeliveries(shop);
    owner = await shop.adminToken('owner');
    operator = await shop.adminToken('operator');
    await sandboxChannel(shop, owner);
  });
  afterAll(async () => {
    await shop.close();
    await merchant.stop();
  });

  const status = async (orderId: string) => (await shop.dataSource.query(`SELECT status FROM orders.orders WHERE id = $1`, [orderId]))[0]?.status;
  const soldKeys = async (orderId: string) =>
    (await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.sales WHERE order_id = $1`, [orderId]))[0].n as number;

  async function buy(goodsId: string, quantity = 1) {
    const placed = await placeOrder(shop, { goodsId, quantity });
    if (placed.status !== 201) throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
    await payOnSandbox(shop, placed.body.payment.paymentId);
    return placed.body as { orderId: string; orderNo: string; payment: { paymentId: string } };
  }

  it('delivers what the merchant answers: the buyer sees the items as keys, once, from a signed call with a stable request id', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    const listing = await shop.http().get('/api/goods');
    const item = listing.body.items.find((g: { id: string }) => g.id === goods.id);
    expect(item).toMatchObject({ deliveryType: 'dynamic', stock: null, stockStatus: 'on_demand' });
    expect(JSON.stringify(listing.body)).not.toContain(merchant.url);

    const placed = await placeOrder(shop, { goodsId: goods.id, quantity: 2 });
    expect(placed.status).toBe(201);
    const [{ held }] = await shop.dataSource.query(`SELECT count(*)::int AS held FROM card_keys.reservations WHERE order_id = $1`, [placed.body.orderId]);
    expect(held).toBe(0);
    await payOnSandbox(shop, placed.body.payment.paymentId);

    expect(merchant.requests).toHaveLength(1);
    const [call] = merchant.requests;
    expect(call.method).toBe('POST');
    expect(call.signatureValid).toBe(true);
    expect(call.signedAt).toBe(Math.floor(clock.now().getTime() / 1000));
    expect(Object.keys(call.body)).toEqual(['orderNo', 'goodsId', 'quantity', 'requestId']);
    expect(call.body).toMatchObject({ orderNo: placed.body.orderNo, goodsId: goods.id, quantity: 2 });
    expect(call.rawBody).not.toContain('buyer@example.com');
    expect(call.headers['idempotency-key']).toBe(call.body.requestId);
    const items = merchant.itemsFor(String(call.body.requestId)) as string[];
    expect(items).toHaveLength(2);

    const seen = await lookup(shop, placed.body.orderNo);
    expect(seen.body.status).toBe('delivered');
    expect(seen.body.keys.map((k: { secret: string }) => k.secret)).toEqual(items);
    expect(await orderEvents(shop, placed.body.orderId)).toEqual([
      'orders.order.placed',
      'orders.order.paid',
      'orders.order.awaiting-dynamic-delivery',
      'orders.order.delivered',
    ]);

    // The items are vault keys like any other: sealed (never in clear), sold to this order.
    const keys = await shop.dataSource.query(
      `SELECT k.status, b.source, position(convert_to($2, 'UTF8') IN k.sealed_secret) AS clear_at
         FROM card_keys.keys k JOIN card_keys.batches b ON b.id = k.batch_id WHERE k.goods_id = $1`,
      [goods.id, items[0]],
    );
    expect(keys).toEqual([
      { status: 'sold', source: 'dynamic', clear_at: 0 },
      { status: 'sold', source: 'dynamic', clear_at: 0 },
    ]);
    const resent = await shop.http().post(`/admin/orders/${placed.body.orderId}/resend`).set(bearer(operator)).send({ reason: 'buyer lost the mail' });
    expect(resent.body.keys.map((k: { secret: string }) => k.secret)).toEqual(items);
    const notice = await shop.app
      .get(ClsService)
      .run(() => shop.app.get(OrdersFacade).deliveryNotice({ orderId: placed.body.orderId, withKeys: true, purpose: 'test e-mail' }));
    expect(notice?.keys.map((k) => k.secret)).toEqual(items);

    const detail = await orderDetail(shop, operator, placed.body.orderId);
    expect(detail.dynamicDelivery).toMatchObject({ status: 'delivered', round: 1, attempts: 1, lastError: null, requestId: call.body.requestId });
    expect(detail.dynamicDelivery.calls).toEqual([expect.objectContaining({ round: 1, attempt: 1, outcome: 'delivered', httpStatus: 200, error: null })]);

    // A replacement takes a vault key of the goods, like any other; dynamic goods have none in stock.
    const replace = await shop
      .http()
      .post(`/admin/orders/${placed.body.orderId}/replace-key`)
      .set(bearer(operator))
      .send({ reason: 'reported invalid', keyId: resent.body.keys[0].keyId });
    expect([replace.status, replace.body.error.code]).toEqual([409, 'out_of_stock']);
    expect((await lookup(shop, placed.body.orderNo)).body.keys.map((k: { secret: string }) => k.secret)).toEqual(items);
  });

  it('retries a merchant that hangs past the timeout, leaves the order visibly waiting, and delivers on the admin retry once fixed', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url, { dynamicDelivery: { url: merchant.url, timeoutMs: 1000 } });
    merchant.mode = { kind: 'hang' };
    const order = await buy(goods.id);

    expect(await status(order.orderId)).toBe('awaiting_dynamic_delivery');
    expect(merchant.requests).toHaveLength(MAX_ATTEMPTS);
    const requestId = merchant.requests[0].body.requestId;
    expect(merchant.requests.every((r) => r.body.requestId === requestId && r.signatureValid)).toBe(true);

    const waiting = await orderDetail(shop, operator, order.orderId);
    expect(waiting.status).toBe('awaiting_dynamic_delivery');
    expect(waiting.dynamicDelivery).toMatchObject({ status: 'failed', round: 1, attempts: 3, maxAttempts: 3, lastError: 'no answer within 1000 ms' });
    expect(waiting.dynamicDelivery.calls.map((c: { outcome: string; httpStatus: unknown }) => [c.outcome, c.httpStatus])).toEqual([
      ['failed', null],
      ['failed', null],
      ['failed', null],
    ]);
    const listed = await shop.http().get('/admin/orders?status=awaiting_dynamic_delivery').set(bearer(operator));
    expect(listed.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([order.orderId]);
    expect((await lookup(shop, order.orderNo)).body).toMatchObject({ status: 'awaiting_dynamic_delivery', keys: [] });
    const [failed] = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = 'orders.order.dynamic-delivery-failed'`);
    expect(failed.payload).toMatchObject({ orderId: order.orderId, attempts: 3, error: 'no answer within 1000 ms' });

    const support = await shop.adminToken('support');
    expect((await shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(support)).send({ reason: 'try again' })).status).toBe(403);
    expect((await shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(operator)).send({})).status).toBe(400);

    merchant.mode = { kind: 'items' };
    const retry = await shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(operator)).send({ reason: 'merchant fixed their endpoint' });
    expect(retry.status).toBe(202);
    expect(retry.body.dynamicDelivery).toMatchObject({ status: 'pending', round: 2, attempts: 0, requestId });
    await drainEvents(shop.app);

    expect(await status(order.orderId)).toBe('delivered');
    expect(merchant.requests).toHaveLength(MAX_ATTEMPTS + 1);
    expect(merchant.requests[MAX_ATTEMPTS].body.requestId).toBe(requestId);
    const seen = await lookup(shop, order.orderNo);
    expect(seen.body.keys.map((k: { secret: string }) => k.secret)).toEqual(merchant.itemsFor(String(requestId)));
    const [audit] = await shop.dataSource.query(
      `SELECT actor_type, reason, details FROM platform.audit_log WHERE action = 'orders.retry-delivery' AND target_id = $1`,
      [order.orderId],
    );
    expect(audit).toMatchObject({ actor_type: 'admin', reason: 'merchant fixed their endpoint', details: { round: 2, previousStatus: 'failed', lastError: 'no answer within 1000 ms' } });

    const again = await shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(operator)).send({ reason: 'once more' });
    expect([again.status, again.body.error.code]).toEqual([409, 'order_state_conflict']);
  });

  it('treats a 500, an answer that is not JSON and the wrong number of items as failures: nothing delivered, the order waits', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    const cases = [
      { mode: { kind: 'status', status: 500, body: 'supplier down' } as const, error: 'the merchant answered HTTP 500: supplier down', httpStatus: 500 },
      { mode: { kind: 'raw', body: '<html>thanks!</html>' } as const, error: 'the answer is not JSON', httpStatus: 200 },
      { mode: { kind: 'count', count: 3 } as const, error: 'expected 2 items, got 3', httpStatus: 200 },
    ];
    for (const c of cases) {
      merchant.reset(c.mode);
      const order = await buy(goods.id, 2);
      expect(merchant.requests).toHaveLength(MAX_ATTEMPTS);
      expect(await status(order.orderId)).toBe('awaiting_dynamic_delivery');
      expect(await soldKeys(order.orderId)).toBe(0);
      const detail = await orderDetail(shop, operator, order.orderId);
      expect(detail.dynamicDelivery).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: c.error });
      expect(detail.dynamicDelivery.calls.every((call: { httpStatus: number }) => call.httpStatus === c.httpStatus)).toBe(true);
      expect((await lookup(shop, order.orderNo)).body.keys).toEqual([]);
      expect(await orderEvents(shop, order.orderId)).not.toContain('orders.order.delivered');
    }
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1`, [goods.id]);
    expect(n).toBe(0);
  });

  it('refuses to sell one key twice: an item the vault already holds for the goods fails the delivery', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    merchant.reset({ kind: 'fixed-items', items: ['SAME-CODE-FOR-EVERYONE'] });
    const first = await buy(goods.id);
    expect(await status(first.orderId)).toBe('delivered');
    const second = await buy(goods.id);
    expect(await status(second.orderId)).toBe('awaiting_dynamic_delivery');
    expect(await soldKeys(second.orderId)).toBe(0);
    const detail = await orderDetail(shop, operator, second.orderId);
    expect(detail.dynamicDelivery.lastError).toMatch(/^the vault refused the items: 1 of the delivered keys are already in the vault/);
    expect(JSON.stringify(detail)).not.toContain('SAME-CODE-FOR-EVERYONE');
  });

  it('delivers exactly once when the job runs again, or races an admin retry and itself', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    const done = await buy(goods.id, 2);
    expect(await status(done.orderId)).toBe('delivered');
    const repeats = await Promise.all([1, 2].map(() => runAttempt(shop, { orderId: done.orderId, round: 1, attemptsMade: 0, maxAttempts: 3 })));
    expect(repeats).toEqual(['skipped', 'skipped']);
    expect(merchant.requests).toHaveLength(1);
    expect(await soldKeys(done.orderId)).toBe(2);

    merchant.reset({ kind: 'status', status: 503, body: 'maintenance' });
    const order = await buy(goods.id, 2);
    expect(await status(order.orderId)).toBe('awaiting_dynamic_delivery');
    merchant.reset({ kind: 'items', delayMs: 300 });
    // Two operators press "retry" at once: both rounds are recorded, the later one is current.
    const retries = await Promise.all(
      ['first', 'second'].map((who) =>
        shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(operator)).send({ reason: `retry by the ${who} operator` }),
      ),
    );
    expect(retries.map((r) => r.status)).toEqual([202, 202]);
    expect(retries.map((r) => r.body.dynamicDelivery.round).sort()).toEqual([2, 3]);
    // The queue's jobs (round 2, superseded, and round 3) and two more runs of round 3 all at once.
    const outcomes = await Promise.all([
      runAttempt(shop, { orderId: order.orderId, round: 3, attemptsMade: 0, maxAttempts: 3 }),
      runAttempt(shop, { orderId: order.orderId, round: 3, attemptsMade: 0, maxAttempts: 3 }),
      drainEvents(shop.app).then(() => 'drained'),
    ]);
    expect(outcomes.filter((o) => o === 'failed')).toEqual([]);

    expect(await status(order.orderId)).toBe('delivered');
    expect(await soldKeys(order.orderId)).toBe(2);
    expect((await orderEvents(shop, order.orderId)).filter((t) => t === 'orders.order.delivered')).toHaveLength(1);
    const [{ delivers }] = await shop.dataSource.query(
      `SELECT count(*)::int AS delivers FROM orders.order_transitions WHERE order_id = $1 AND action = 'deliver'`,
      [order.orderId],
    );
    expect(delivers).toBe(1);
    const calls = merchant.requests.filter((r) => r.body.orderNo === order.orderNo);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.map((r) => r.body.requestId)).size).toBe(1);
    const seen = await lookup(shop, order.orderNo);
    expect(seen.body.keys.map((k: { secret: string }) => k.secret)).toEqual(merchant.itemsFor(String(calls[0].body.requestId)));
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1`, [goods.id]);
    expect(n).toBe(4);
  });

  it('refunds an order still waiting for the merchant, and calls the merchant no more', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    merchant.reset({ kind: 'status', status: 502, body: 'bad gateway' });
    const order = await buy(goods.id);
    expect(await status(order.orderId)).toBe('awaiting_dynamic_delivery');
    const finance = await shop.adminToken('finance');
    const refund = await shop.http().post(`/admin/orders/${order.orderId}/refund`).set(bearer(finance)).send({ reason: 'merchant cannot deliver' });
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    expect(await orderEvents(shop, order.orderId)).toContain('orders.order.refunded');
    expect((await orderDetail(shop, operator, order.orderId)).dynamicDelivery.status).toBe('abandoned');

    merchant.reset({ kind: 'items' });
    expect(await runAttempt(shop, { orderId: order.orderId, round: 1, attemptsMade: 0, maxAttempts: 3 })).toBe('skipped');
    const retry = await shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(operator)).send({ reason: 'too late' });
    expect(retry.status).toBe(409);
    expect(merchant.requests).toHaveLength(0);
    expect(await soldKeys(order.orderId)).toBe(0);
  });

  it('delivers a late payment on an expired order of dynamic goods', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    const placed = await placeOrder(shop, { goodsId: goods.id });
    clock.advance(16 * 60_000);
    await shop.app.get(ExpireUnpaidOrders).run();
    expect(await status(placed.body.orderId)).toBe('expired');
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect(await status(placed.body.orderId)).toBe('delivered');
    expect((await lookup(shop, placed.body.orderNo)).body.keys).toHaveLength(1);
  });

  it('queues again a pending delivery whose job was lost', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url);
    merchant.reset({ kind: 'status', status: 500, body: 'down' });
    const order = await buy(goods.id);
    // As if an admin's retry committed but its job never reached Redis.
    await shop.dataSource.query(`UPDATE orders.dynamic_deliveries SET status = 'pending', round = 2, attempts = 0 WHERE order_id = $1`, [order.orderId]);
    merchant.reset({ kind: 'items' });
    const sweep = shop.app.get(DynamicDeliveryWorker);
    expect(await shop.app.get(ClsService).run(() => sweep.requeueStale())).toBe(0); // not stale yet
    clock.advance(11 * 60_000);
    expect(await shop.app.get(ClsService).run(() => sweep.requeueStale())).toBe(1);
    await drainEvents(shop.app);
    expect(await status(order.orderId)).toBe('delivered');
    expect(merchant.requests).toHaveLength(1);
  });

  it('refuses bad goods input with 400 and keeps endpoint changes in the goods history', async () => {
    const goods = await dynamicGoods(shop, owner, merchant.url, { onSale: false });
    const category = goods.categoryId;
    const base = { categoryId: category, title: 'Top-up', priceMinor: 100, currency: 'CNY' };
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ deliveryType: 'dynamic' }, 'dynamicDelivery'],
      [{ deliveryType: 'dynamic', dynamicDelivery: null }, 'dynamicDelivery'],
      [{ deliveryType: 'dynamic', dynamicDelivery: { url: 'http://merchant.example.com/deliver' } }, 'dynamicDelivery.url'],
      [{ deliveryType: 'dynamic', dynamicDelivery: { url: 'ftp://127.0.0.1/x' } }, 'dynamicDelivery.url'],
      [{ deliveryType: 'dynamic', dynamicDelivery: { url: 'https://u:p@merchant.example.com/' } }, 'dynamicDelivery.url'],
      [{ deliveryType: 'dynamic', dynamicDelivery: { url: 'https://merchant.example.com/', timeoutMs: 500 } }, 'dynamicDelivery.timeoutMs'],
      [{ deliveryType: 'dynamic', dynamicDelivery: { url: 'https://merchant.example.com/', timeoutMs: 30_001 } }, 'dynamicDelivery.timeoutMs'],
      [{ deliveryType: 'dynamic', dynamicDelivery: { url: 'https://merchant.example.com/', secret: 'x'.repeat(40) } }, 'dynamicDelivery.secret'],
      [{ deliveryType: 'dynamic', dynamicDelivery: 'https://merchant.example.com/' }, 'dynamicDelivery'],
      [{ deliveryType: 'auto', dynamicDelivery: { url: 'https://merchant.example.com/' } }, 'dynamicDelivery'],
      [{ deliveryType: 'webhook' }, 'deliveryType'],
    ];
    for (const [fields, field] of bad) {
      const res = await shop.http().post('/admin/goods').set(bearer(owner)).send({ ...base, ...fields });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
      expect(JSON.stringify(res.body.error.details)).toContain(field);
    }
    const created = await shop
      .http()
      .post('/admin/goods')
      .set(bearer(owner))
      .send({ ...base, deliveryType: 'dynamic', dynamicDelivery: { url: 'https://merchant.example.com/deliver' } });
    expect(created.status).toBe(201);
    expect(created.body.dynamicDelivery).toEqual({ url: 'https://merchant.example.com/deliver', timeoutMs: 10_000 });

    // Leaving dynamic delivery needs the endpoint removed (like buyer fields and manual goods).
    const toAuto = await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(owner)).send({ expectedVersion: 1, deliveryType: 'auto' });
    expect([toAuto.status, toAuto.body.error.code]).toEqual([400, 'validation_failed']);
    const moved = await shop
      .http()
      .patch(`/admin/goods/${goods.id}`)
      .set(bearer(owner))
      .send({ expectedVersion: 1, dynamicDelivery: { url: `${merchant.url}?v=2`, timeoutMs: 2500 }, reason: 'new endpoint' });
    expect(moved.status).toBe(200);
    const history = await shop.http().get(`/admin/goods/${goods.id}/history`).set(bearer(owner));
    expect(history.body.items[0]).toMatchObject({
      action: 'updated',
      reason: 'new endpoint',
      changes: { dynamicDelivery: { from: { url: merchant.url, timeoutMs: 5000 }, to: { url: `${merchant.url}?v=2`, timeoutMs: 2500 } } },
    });
    const off = await shop.http().patch(`/admin/goods/${goods.id}`).set(bearer(owner)).send({ expectedVersion: 2, deliveryType: 'auto', dynamicDelivery: null });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ deliveryType: 'auto', dynamicDelivery: null });
  });

  it('never shows the secret: not in responses, logs, the audit log, events, the database or the queue', async () => {
    const responses: string[] = [];
    const keep = <T extends { text: string; headers: Record<string, unknown> }>(res: T) => {
      responses.push(res.text, JSON.stringify(res.headers));
      return res;
    };
    logs.length = 0;
    const goods = await dynamicGoods(shop, owner, merchant.url, { dynamicDelivery: { url: merchant.url, timeoutMs: 1000 } });
    merchant.reset({ kind: 'status', status: 500, body: 'down' });
    const order = await buy(goods.id);
    merchant.reset({ kind: 'items' });
    keep(await shop.http().post(`/admin/orders/${order.orderId}/retry-delivery`).set(bearer(operator)).send({ reason: 'fixed' }));
    await drainEvents(shop.app);
    expect(await status(order.orderId)).toBe('delivered');
    keep(await shop.http().get(`/admin/orders/${order.orderId}`).set(bearer(operator)));
    keep(await shop.http().get(`/admin/goods/${goods.id}`).set(bearer(owner)));
    keep(await shop.http().get(`/admin/goods/${goods.id}/history`).set(bearer(owner)));
    keep(await shop.http().get(`/api/goods/${goods.id}`));
    keep(await lookup(shop, order.orderNo));
    keep(await shop.http().get('/admin/audit-log').set(bearer(owner)));
    keep(await shop.http().get('/admin/events/dead-letters').set(bearer(owner)));
    keep(await shop.http().get('/docs/openapi.json'));

    const tables = await shop.dataSource.query(
      `SELECT string_agg(t::text, '') AS dump FROM (
         SELECT row_to_json(a)::text AS t FROM platform.audit_log a
         UNION ALL SELECT row_to_json(o)::text FROM platform.outbox o
         UNION ALL SELECT row_to_json(d)::text FROM platform.dead_letters d
         UNION ALL SELECT row_to_json(h)::text FROM goods.goods_history h
         UNION ALL SELECT row_to_json(g)::text FROM goods.goods g
         UNION ALL SELECT row_to_json(x)::text FROM orders.dynamic_deliveries x
         UNION ALL SELECT row_to_json(y)::text FROM orders.dynamic_delivery_attempts y
         UNION ALL SELECT row_to_json(z)::text FROM orders.order_transitions z) s`,
    );
    const redis = shop.app.get<Redis>(REDIS);
    const queued: string[] = [];
    for (const key of await redis.keys(`${shop.app.get(AppConfig).QUEUE_PREFIX}:*`)) {
      const type = await redis.type(key);
      if (type === 'hash') queued.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'string') queued.push(String(await redis.get(key)));
      else if (type === 'list') queued.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') queued.push(...(await redis.zrange(key, 0, -1)));
    }

    const everything = { responses: responses.join('\n'), logs: logs.join(''), tables: String(tables[0].dump), queued: queued.join('\n') };
    // Not vacuous: each place holds what this flow wrote there.
    expect(everything.logs).toContain('dynamic delivery attempt failed');
    expect(everything.tables).toContain('orders.retry-delivery');
    expect(everything.queued).toContain(order.orderId);
    expect(everything.responses).toContain(merchant.url);
    for (const [where, text] of Object.entries(everything)) {
      expect({ where, leaks: text.includes(SECRET) }).toEqual({ where, leaks: false });
    }
    // What the merchant receives proves the call was signed with it, without carrying it.
    expect(merchant.requests.every((r) => r.signatureValid && !JSON.stringify(r.headers).includes(SECRET) && !r.rawBody.includes(SECRET))).toBe(true);
  });
});

describe('dynamic delivery in production', () => {
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({
      env: { NODE_ENV: 'production', ROLE: 'api', MEMBER_TOKEN_SECRET: `prod-member-${randomUUID()}`, PUBLIC_BASE_URL: 'https://shop.example.com' },
    });
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    owner = await shop.adminToken('owner');
  });
  afterAll(() => shop.close());

  it('takes https merchant URLs only, and refuses dynamic goods on sale without DYNAMIC_DELIVERY_SECRET (422)', async () => {
    const category = await shop.http().post('/admin/categories').set(bearer(owner)).send({ name: 'Top-ups', slug: 'top-ups' });
    const base = { categoryId: category.body.id, title: 'Top-up', priceMinor: 100, currency: 'CNY', deliveryType: 'dynamic' };
    const loopback = await shop.http().post('/admin/goods').set(bearer(owner)).send({ ...base, dynamicDelivery: { url: 'http://127.0.0.1:9/deliver' } });
    expect([loopback.status, loopback.body.error.details[0].field]).toEqual([400, 'dynamicDelivery.url']);

    const endpoint = { url: 'https://merchant.example.com/deliver' };
    const onSale = await shop.http().post('/admin/goods').set(bearer(owner)).send({ ...base, dynamicDelivery: endpoint, onSale: true });
    expect([onSale.status, onSale.body.error.code]).toEqual([422, 'dynamic_delivery_secret_missing']);
    const offSale = await shop.http().post('/admin/goods').set(bearer(owner)).send({ ...base, dynamicDelivery: endpoint });
    expect(offSale.status).toBe(201);
    const putOn = await shop.http().put(`/admin/goods/${offSale.body.id}/sale-status`).set(bearer(owner)).send({ onSale: true, expectedVersion: 1 });
    expect([putOn.status, putOn.body.error.code]).toEqual([422, 'dynamic_delivery_secret_missing']);
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM goods.goods WHERE on_sale`);
    expect(n).toBe(0);
    // Auto goods are not concerned.
    const auto = await shop.http().post('/admin/goods').set(bearer(owner)).send({ ...base, deliveryType: 'auto', onSale: true });
    expect(auto.status).toBe(201);
  });
});
