import { randomUUID } from 'node:crypto';
import { StockLowV1 } from '../../src/modules/card-keys/events';
import { DeliveryQueue } from '../../src/modules/webhooks/jobs/delivery-queue';
import { WebhooksWorkers } from '../../src/modules/webhooks/jobs/webhooks-workers';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { verifyWebhook, WebhookReceiver } from './webhook-receiver';
import { bearer, createEndpoint, publish, resetWebhooks, waitUntilFinished } from './webhooks-helpers';

const BACKOFF_MS = 100;
const TIMEOUT_MS = 300;
const MAX_ATTEMPTS = 5;

interface AttemptRow {
  series: number;
  attempt: number;
  at: Date;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
}

/**
 * A receiver that fails (500s, a reset connection, then answers too late) is retried with
 * exponential backoff in real time until the last attempt, every attempt logged; once fixed, a
 * resend succeeds. Runs with the system clock: the gaps between attempts are real.
 */
describe('webhook retries', () => {
  let shop: TestApp;
  let operator: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    shop = await createTestApp({
      env: { WEBHOOK_RETRY_BACKOFF_MS: String(BACKOFF_MS), WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
    });
    receiver = await WebhookReceiver.start();
  });
  beforeEach(async () => {
    await drainEvents(shop.app);
    await resetPlatformTables(shop.dataSource);
    await resetWebhooks(shop);
    operator = await shop.adminToken('operator');
    receiver.requests.length = 0;
    receiver.reply = () => ({ status: 200, body: 'ok' });
  });
  afterAll(async () => {
    await receiver.close();
    await shop.close();
  });

  const attemptsOf = (deliveryId: string): Promise<AttemptRow[]> =>
    shop.dataSource.query(
      `SELECT series, attempt, at, duration_ms, outcome, status_code, error FROM webhooks.delivery_attempts WHERE delivery_id = $1 ORDER BY series, attempt`,
      [deliveryId],
    );

  it('retries 500s, a reset and timeouts with growing waits, marks the delivery failed, and a resend succeeds once the receiver is fixed', async () => {
    receiver.reply = (n) => (n <= 2 ? { status: 500, body: 'boom' } : n === 3 ? 'reset' : 'hang');
    const endpoint = await createEndpoint(shop, operator, { url: receiver.url(), events: ['card-keys.stock.low'] });
    const [eventId] = await publish(shop, new StockLowV1(randomUUID(), 2, 5));

    // No drain: the background relay and the queue's own backoff run in real time.
    expect(await waitUntilFinished(shop, endpoint.id)).toBe('failed');
    const [delivery] = await shop.dataSource.query(`SELECT * FROM webhooks.deliveries WHERE endpoint_id = $1`, [endpoint.id]);
    expect(delivery).toMatchObject({ event_id: eventId, status: 'failed', series: 1, series_attempts: MAX_ATTEMPTS, total_attempts: MAX_ATTEMPTS, next_attempt_at: null });
    expect(delivery.last_error).toMatch(/timeout/);

    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [1, 'http_error', 500],
      [2, 'http_error', 500],
      [3, 'network_error', null],
      [4, 'timeout', null],
      [5, 'timeout', null],
    ]);
    expect(receiver.requests).toHaveLength(MAX_ATTEMPTS);
    for (const a of attempts) {
      expect(a.at).toBeInstanceOf(Date);
      expect(a.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(attempts[2].error).toMatch(/socket hang up|ECONNRESET/);
    for (const a of attempts.slice(3)) {
      expect(a.error).toBe(`timeout: no answer within ${TIMEOUT_MS} ms`);
      expect(a.duration_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    }
    // Exponential backoff: after the nth failure the queue waits (2^n − 1) × base before the next attempt.
    const gaps = attempts.slice(1).map((a, i) => a.at.getTime() - attempts[i].at.getTime() - attempts[i].duration_ms);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual((2 ** (i + 1) - 1) * BACKOFF_MS - 15));
    expect(gaps[3]).toBeGreaterThan(gaps[0] * 3);
    // Each request was signed afresh and carried the same delivery id.
    for (const r of receiver.requests) {
      expect(r.headers['x-cardshop-delivery']).toBe(delivery.id);
      expect(verifyWebhook({ header: r.headers['x-cardshop-signature'] as string, body: r.body, secret: endpoint.secret })).toBe(true);
    }

    // The admin finds it among the failed ones, with every attempt.
    const failed = await shop.http().get(`/admin/webhooks/deliveries?status=failed&endpointId=${endpoint.id}`).set(bearer(operator));
    expect(failed.body.items.map((d: { id: string }) => d.id)).toEqual([delivery.id]);
    const detail = await shop.http().get(`/admin/webhooks/deliveries/${delivery.id}`).set(bearer(operator));
    expect(detail.body.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(detail.body.attempts[0]).toMatchObject({ series: 1, attempt: 1, outcome: 'http_error', statusCode: 500, responseSnippet: 'boom' });
    expect(detail.body.attempts[0].at).toEqual(new Date(attempts[0].at).toISOString());

    // Fixed: a resend is a new series that succeeds; audited with its reason.
    receiver.reply = () => ({ status: 204 });
    const resent = await shop.http().post(`/admin/webhooks/deliveries/${delivery.id}/resend`).set(bearer(operator)).send({ reason: 'receiver fixed' });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: delivery.id, status: 'pending', series: 2, attemptsInSeries: 0 });
    await drainEvents(shop.app);
    const after = await shop.http().get(`/admin/webhooks/deliveries/${delivery.id}`).set(bearer(operator));
    expect(after.body).toMatchObject({ status: 'succeeded', series: 2, attemptsInSeries: 1, totalAttempts: MAX_ATTEMPTS + 1, lastStatusCode: 204, lastError: null });
    expect(after.body.attempts.at(-1)).toMatchObject({ series: 2, attempt: 1, outcome: 'succeeded', statusCode: 204 });
    expect(receiver.requests.at(-1)!.headers['x-cardshop-delivery']).toBe(delivery.id);
    expect(JSON.parse(receiver.requests.at(-1)!.body).id).toBe(eventId);
    const audit = await shop.dataSource.query(`SELECT action, target_id, reason FROM platform.audit_log WHERE action = 'webhooks.delivery.resend'`);
    expect(audit).toEqual([{ action: 'webhooks.delivery.resend', target_id: delivery.id, reason: 'receiver fixed' }]);
  });

  it('refuses to resend a delivery still being attempted, or to a switched-off endpoint, and cancels pending deliveries when switched off', async () => {
    receiver.reply = () => 'hang';
    const endpoint = await createEndpoint(shop, operator, { url: receiver.url(), events: ['card-keys.stock.low'] });
    await publish(shop, new StockLowV1(randomUUID(), 1, 5));
    await receiver.waitFor(1);
    const [delivery] = await shop.dataSource.query(`SELECT id, status FROM webhooks.deliveries WHERE endpoint_id = $1`, [endpoint.id]);
    expect(delivery.status).toBe('pending');
    const busy = await shop.http().post(`/admin/webhooks/deliveries/${delivery.id}/resend`).set(bearer(operator)).send({});
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('delivery_in_progress');

    const off = await shop.http().patch(`/admin/webhooks/endpoints/${endpoint.id}`).set(bearer(operator)).send({ active: false });
    expect(off.status).toBe(200);
    const [cancelled] = await shop.dataSource.query(`SELECT status, last_error FROM webhooks.deliveries WHERE id = $1`, [delivery.id]);
    expect(cancelled).toEqual({ status: 'cancelled', last_error: 'the endpoint was switched off' });
    await drainEvents(shop.app); // the hanging attempt ends as a timeout, logged; the delivery stays cancelled
    const [still] = await shop.dataSource.query(`SELECT status FROM webhooks.deliveries WHERE id = $1`, [delivery.id]);
    expect(still.status).toBe('cancelled');
    expect((await attemptsOf(delivery.id)).map((a) => a.outcome)).toEqual(['timeout']);

    const refused = await shop.http().post(`/admin/webhooks/deliveries/${delivery.id}/resend`).set(bearer(operator)).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('webhook_endpoint_inactive');
    expect(await shop.dataSource.query(`SELECT 1 FROM platform.audit_log WHERE action = 'webhooks.delivery.resend'`)).toHaveLength(0);
    expect((await shop.http().post(`/admin/webhooks/deliveries/${randomUUID()}/resend`).set(bearer(operator)).send({})).status).toBe(404);
  });

  it('sends nothing for an event no endpoint chose, and nothing to a deleted endpoint', async () => {
    const endpoint = await createEndpoint(shop, operator, { url: receiver.url(), events: ['orders.order.paid'] });
    const gone = await createEndpoint(shop, operator, { url: receiver.url('/gone'), events: ['card-keys.stock.low'] });
    await shop.http().delete(`/admin/webhooks/endpoints/${gone.id}`).set(bearer(operator)).expect(204);
    await publish(shop, new StockLowV1(randomUUID(), 1, 5));
    await drainEvents(shop.app);
    expect(receiver.requests).toHaveLength(0);
    expect(await shop.dataSource.query(`SELECT 1 FROM webhooks.deliveries`)).toHaveLength(0);
    expect(endpoint.id).toBeDefined();
  });

  it('runs a job again when its delivery is not in the database (a rolled-back plan), without counting an attempt', async () => {
    const endpoint = await createEndpoint(shop, operator, { url: receiver.url(), events: ['card-keys.stock.low'] });
    const deliveryId = randomUUID();
    await shop.app.get(DeliveryQueue).add(deliveryId, 1);
    // Wait until the job's first run found nothing and is backing off.
    const jobs = shop.app.get(JobQueue);
    for (let i = 0; (await jobs.counts('webhooks.deliveries')).delayed === 0; i += 1) {
      if (i > 400) throw new Error('the job never ran');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const now = new Date();
    await shop.dataSource.query(
      `INSERT INTO webhooks.deliveries (id, endpoint_id, event_id, event_type, event_version, occurred_at, data, status, series,
                                        series_attempts, total_attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'card-keys.stock.low', 1, $4, '{"goodsId":"g","available":1,"threshold":5}', 'pending', 1, 0, 0, $4, $4, $4)`,
      [deliveryId, endpoint.id, randomUUID(), now],
    );
    await drainEvents(shop.app);
    const [row] = await shop.dataSource.query(`SELECT status, total_attempts FROM webhooks.deliveries WHERE id = $1`, [deliveryId]);
    expect(row).toEqual({ status: 'succeeded', total_attempts: 1 });
    expect((await attemptsOf(deliveryId)).map((a) => a.attempt)).toEqual([1]);
    expect(receiver.requests).toHaveLength(1);
  });

  it('queues again a pending delivery whose job was lost', async () => {
    const endpoint = await createEndpoint(shop, operator, { url: receiver.url(), events: ['card-keys.stock.low'] });
    const deliveryId = randomUUID();
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await shop.dataSource.query(
      `INSERT INTO webhooks.deliveries (id, endpoint_id, event_id, event_type, event_version, occurred_at, data, status, series,
                                        series_attempts, total_attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'card-keys.stock.low', 1, $4, '{"goodsId":"g","available":1,"threshold":5}', 'pending', 1, 0, 0, $4, $4, $4)`,
      [deliveryId, endpoint.id, randomUUID(), longAgo],
    );
    await drainEvents(shop.app);
    expect(receiver.requests).toHaveLength(0); // nothing queued it
    expect(await shop.app.get(WebhooksWorkers).requeueOverdue()).toBe(1);
    await drainEvents(shop.app);
    expect(receiver.requests).toHaveLength(1);
    const [row] = await shop.dataSource.query(`SELECT status FROM webhooks.deliveries WHERE id = $1`, [deliveryId]);
    expect(row.status).toBe('succeeded');
    expect(await shop.app.get(WebhooksWorkers).requeueOverdue()).toBe(0);
  });
});
