import { randomUUID } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DeliveryPlanner } from '../../src/modules/webhooks/application/delivery-planner';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { goodsWithKeys, lookup, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { verifyWebhook, WebhookReceiver } from './webhook-receiver';
import { bearer, createEndpoint, resetWebhooks, waitUntilFinished } from './webhooks-helpers';

/**
 * A real order (placed, paid on the sandbox, delivered) sends signed webhooks to real receivers on
 * 127.0.0.1: the right JSON for each event, verified with the receiver's own HMAC code; the keys
 * only to the endpoint allowed to receive them, read at send time and stored nowhere.
 */
describe('webhooks for a real order', () => {
  let shop: TestApp;
  let owner: string;
  let plain: WebhookReceiver;
  let withKeys: WebhookReceiver;
  let switchedOff: WebhookReceiver;

  beforeAll(async () => {
    shop = await createTestApp();
    [plain, withKeys, switchedOff] = await Promise.all([WebhookReceiver.start(), WebhookReceiver.start(), WebhookReceiver.start()]);
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetWebhooks(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
  });
  afterAll(async () => {
    await Promise.all([plain.close(), withKeys.close(), switchedOff.close()]);
    await shop.close();
  });

  it('sends placed, paid and delivered, signed, with the keys only to the includeKeys endpoint', async () => {
    const operator = await shop.adminToken('operator');
    const a = await createEndpoint(shop, operator, { url: plain.url(), events: ['orders.order.placed', 'orders.order.paid', 'orders.order.delivered'] });
    // The receiver answers with what it got: nothing of that answer may be kept for a key-bearing request.
    withKeys.reply = () => 'echo';
    const b = await createEndpoint(shop, operator, { url: withKeys.url('/keys?token=t0k3n'), events: ['orders.order.delivered'], includeKeys: true });
    const off = await createEndpoint(shop, operator, { url: switchedOff.url(), events: ['orders.order.delivered'], active: false });
    const before = { plain: plain.requests.length, withKeys: withKeys.requests.length, off: switchedOff.requests.length };

    const { goodsId } = await goodsWithKeys(shop, owner, 3);
    const placed = await placeOrder(shop, { goodsId, quantity: 2 });
    expect(placed.status).toBe(201);
    await payOnSandbox(shop, placed.body.payment.paymentId); // drains events and webhook jobs
    await drainEvents(shop.app);
    const keys = (await lookup(shop, placed.body.orderNo)).body.keys as Array<{ keyId: string; secret: string }>;
    expect(keys).toHaveLength(2);

    const outbox: Array<{ id: string; type: string; payload: Record<string, unknown>; occurred_at: Date }> = await shop.dataSource.query(
      `SELECT id, type, payload, occurred_at FROM platform.outbox WHERE type LIKE 'orders.order.%' ORDER BY seq`,
    );
    expect(outbox.map((e) => e.type)).toEqual(['orders.order.placed', 'orders.order.paid', 'orders.order.delivered']);

    // Endpoint A: the three events, each the event's own fields, no keys anywhere.
    const gotA = plain.requests.slice(before.plain);
    expect(gotA).toHaveLength(3);
    const deliveries: Array<{ id: string; endpoint_id: string; event_id: string; status: string }> = await shop.dataSource.query(
      `SELECT id, endpoint_id, event_id, status FROM webhooks.deliveries`,
    );
    for (const event of outbox) {
      const request = gotA.find((r) => JSON.parse(r.body).id === event.id);
      expect(request).toBeDefined();
      const body = JSON.parse(request!.body);
      expect(body).toEqual({ id: event.id, type: event.type, createdAt: new Date(event.occurred_at).toISOString(), data: event.payload });
      expect(request!.method).toBe('POST');
      expect(request!.headers['content-type']).toMatch(/^application\/json/);
      expect(request!.headers['x-cardshop-event']).toBe(event.type);
      const delivery = deliveries.find((d) => d.endpoint_id === a.id && d.event_id === event.id);
      expect(request!.headers['x-cardshop-delivery']).toBe(delivery!.id);
      expect(verifyWebhook({ header: request!.headers['x-cardshop-signature'] as string, body: request!.body, secret: a.secret })).toBe(true);
      // Another endpoint's secret, or a body changed by one byte, does not verify.
      expect(verifyWebhook({ header: request!.headers['x-cardshop-signature'] as string, body: request!.body, secret: b.secret })).toBe(false);
      expect(verifyWebhook({ header: request!.headers['x-cardshop-signature'] as string, body: request!.body + ' ', secret: a.secret })).toBe(false);
      expect(body.data).not.toHaveProperty('keys');
      for (const k of keys) expect(request!.body).not.toContain(k.secret);
    }
    const [order] = await shop.dataSource.query(`SELECT id FROM orders.orders WHERE order_no = $1`, [placed.body.orderNo]);
    expect(JSON.parse(gotA[0].body).data).toMatchObject({ orderId: order.id, orderNo: placed.body.orderNo, goodsId, quantity: 2 });

    // Endpoint B: only delivered, with the order's keys in data.keys.
    const gotB = withKeys.requests.slice(before.withKeys);
    expect(gotB).toHaveLength(1);
    expect(gotB[0].path).toBe('/keys?token=t0k3n');
    const bodyB = JSON.parse(gotB[0].body);
    expect(bodyB.type).toBe('orders.order.delivered');
    expect(verifyWebhook({ header: gotB[0].headers['x-cardshop-signature'] as string, body: gotB[0].body, secret: b.secret })).toBe(true);
    expect(bodyB.data.keys.map((k: { keyId: string; secret: string }) => k.secret).sort()).toEqual(keys.map((k) => k.secret).sort());
    const { keys: _keys, ...rest } = bodyB.data;
    expect(rest).toEqual(outbox[2].payload);

    // The switched-off endpoint got nothing and has no delivery.
    expect(switchedOff.requests.length).toBe(before.off);
    expect(deliveries.filter((d) => d.endpoint_id === off.id)).toHaveLength(0);
    expect(deliveries.map((d) => d.status)).toEqual(Array(4).fill('succeeded'));

    // Attempts: logged with 200 and a duration; the key-bearing one kept no snippet of the echoed answer.
    const attempts: Array<{ endpoint_id: string; status_code: number; duration_ms: number; carried_keys: boolean; response_snippet: string | null }> =
      await shop.dataSource.query(
        `SELECT d.endpoint_id, a.status_code, a.duration_ms, a.carried_keys, a.response_snippet
           FROM webhooks.delivery_attempts a JOIN webhooks.deliveries d ON d.id = a.delivery_id`,
      );
    expect(attempts).toHaveLength(4);
    for (const attempt of attempts) expect(attempt.status_code).toBe(200);
    expect(attempts.filter((x) => x.carried_keys).map((x) => [x.endpoint_id, x.response_snippet])).toEqual([[b.id, null]]);
    expect(attempts.filter((x) => !x.carried_keys).every((x) => x.response_snippet === 'ok')).toBe(true);

    // No key is stored in any webhooks table, or in the queue's job data (ids only).
    const dump = JSON.stringify(
      await shop.dataSource.query(
        `SELECT (SELECT json_agg(d) FROM webhooks.deliveries d) AS deliveries, (SELECT json_agg(a) FROM webhooks.delivery_attempts a) AS attempts`,
      ),
    );
    for (const k of keys) expect(dump).not.toContain(k.secret);

    // Reading the keys for the webhook was audited by the vault, naming the endpoint.
    const reads = await shop.dataSource.query(`SELECT reason FROM platform.audit_log WHERE action = 'card-keys.resend' AND target_id = $1`, [order.id]);
    expect(reads.map((r: { reason: string }) => r.reason).filter((r: string) => r.includes('webhook'))).toEqual([`sent to webhook ${b.id}`]);

    // The admin sees the deliveries and their attempts.
    const listed = await shop.http().get(`/admin/webhooks/deliveries?endpointId=${a.id}&status=succeeded`).set(bearer(operator));
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(3);
    const detail = await shop.http().get(`/admin/webhooks/deliveries/${deliveries.find((d) => d.endpoint_id === b.id)!.id}`).set(bearer(operator));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'succeeded', eventType: 'orders.order.delivered', keysAddedAtSend: true });
    expect(detail.body.attempts).toEqual([expect.objectContaining({ series: 1, attempt: 1, statusCode: 200, outcome: 'succeeded', carriedKeys: true, responseSnippet: null })]);
    expect(JSON.stringify(detail.body)).not.toContain(keys[0].secret);
  });

  it('sends the first attempt as soon as the planning transaction commits, not after a backoff', async () => {
    // The default backoff (30 s) is far longer than this test waits. The planning transaction
    // stays open a while after queueing the job, so the job surely starts before the commit.
    const operator = await shop.adminToken('operator');
    const endpoint = await createEndpoint(shop, operator, { url: plain.url(), events: ['card-keys.stock.low'] });
    const before = plain.requests.length;
    const eventId = randomUUID();
    const meta = { eventId, type: 'card-keys.stock.low', version: 1, occurredAt: new Date(), requestId: null };
    let committedAt = 0;
    await shop.app.get(ClsService).run(() =>
      shop.app.get(TransactionHost).withTransaction(async () => {
        expect(await shop.app.get(DeliveryPlanner).plan({ goodsId: randomUUID(), available: 1, threshold: 5 }, meta)).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(plain.requests.length).toBe(before); // nothing sent before the commit
        committedAt = Date.now();
      }),
    );
    await plain.waitFor(before + 1, 10_000);
    expect(plain.requests[before].at).toBeGreaterThanOrEqual(committedAt);
    expect(JSON.parse(plain.requests[before].body).id).toBe(eventId);
    expect(await waitUntilFinished(shop, endpoint.id, 5_000)).toBe('succeeded');
    const [row] = await shop.dataSource.query(`SELECT total_attempts FROM webhooks.deliveries`);
    expect(row.total_attempts).toBe(1);
  });

  it('plans one delivery per (event, endpoint) however often the event arrives', async () => {
    const operator = await shop.adminToken('operator');
    const a = await createEndpoint(shop, operator, { url: plain.url(), events: ['orders.order.placed'] });
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId });
    expect(placed.status).toBe(201);
    await drainEvents(shop.app);
    const [event] = await shop.dataSource.query(`SELECT id, type, version, payload, occurred_at FROM platform.outbox WHERE type = 'orders.order.placed'`);
    const again = await shop.app.get(ClsService).run(() =>
      shop.app.get(TransactionHost).withTransaction(() =>
        shop.app.get(DeliveryPlanner).plan(event.payload, { eventId: event.id, type: event.type, version: event.version, occurredAt: event.occurred_at, requestId: null }),
      ),
    );
    expect(again).toBe(0);
    await drainEvents(shop.app);
    const rows = await shop.dataSource.query(`SELECT id FROM webhooks.deliveries WHERE endpoint_id = $1`, [a.id]);
    expect(rows).toHaveLength(1);
    expect(plain.requests.filter((r) => JSON.parse(r.body).id === event.id)).toHaveLength(1);
  });
});
