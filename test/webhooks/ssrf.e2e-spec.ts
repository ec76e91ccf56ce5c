import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { StockLowV1 } from '../../src/modules/card-keys/events';
import { EndpointSecrets } from '../../src/modules/webhooks/application/endpoint-secrets';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { WebhookReceiver } from './webhook-receiver';
import { bearer, publish, resetWebhooks } from './webhooks-helpers';

/**
 * In production webhooks go only to public https addresses: a URL that spells or resolves to a
 * private, loopback or link-local address is refused when it is saved, and again when a delivery
 * is sent (a name may resolve differently by then), without a byte reaching the address.
 */
describe('webhook targets in production (SSRF)', () => {
  let shop: TestApp;
  let operator: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    shop = await createTestApp({ env: { NODE_ENV: 'production', MEMBER_TOKEN_SECRET: 'a-production-like-member-token-secret-0123456789' } });
    receiver = await WebhookReceiver.start();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetWebhooks(shop);
    operator = await shop.adminToken('operator');
  });
  afterAll(async () => {
    await receiver.close();
    await shop.close();
  });

  it('refuses private, loopback and link-local targets and plain http when saving; accepts public https', async () => {
    // This machine's own name resolves to one of its addresses (loopback or private): refused by resolution, not spelling.
    const own = hostname();
    const ownAddresses = await lookup(own, { all: true });
    expect(ownAddresses.length).toBeGreaterThan(0);
    const refused: Array<[string, RegExp]> = [
      [receiver.url(), /scheme must be https/],
      ['http://93.184.216.34/hook', /scheme must be https/],
      ['https://127.0.0.1/hook', /loopback/],
      ['https://localhost/hook', /loopback/],
      ['https://[::1]/hook', /loopback/],
      ['https://[::ffff:127.0.0.1]/hook', /loopback/],
      ['https://2130706433/hook', /loopback/],
      ['https://10.1.2.3/hook', /private/],
      ['https://192.168.0.10/hook', /private/],
      ['https://[fd00::1]/hook', /private/],
      ['https://169.254.169.254/latest/meta-data/', /link-local/],
      ['https://[fe80::1]/hook', /link-local/],
      ['https://0.0.0.0/hook', /unspecified/],
      [`https://${own}:${receiver.port}/hook`, /resolves to|public addresses only/],
      ['https://user:pw@hooks.example.com/hook', /user name or password/],
    ];
    for (const [url, reason] of refused) {
      const res = await shop.http().post('/admin/webhooks/endpoints').set(bearer(operator)).send({ url, events: ['card-keys.stock.low'] });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.error.details[0].problems[0]).toMatch(reason);
    }
    const updates = await shop.http().post('/admin/webhooks/endpoints').set(bearer(operator)).send({ url: 'https://93.184.216.34/hook', events: ['card-keys.stock.low'] });
    expect(updates.status).toBe(201);
    const patched = await shop.http().patch(`/admin/webhooks/endpoints/${updates.body.id}`).set(bearer(operator)).send({ url: 'https://10.0.0.1/hook' });
    expect(patched.status).toBe(400);
    expect((await shop.http().get(`/admin/webhooks/endpoints/${updates.body.id}`).set(bearer(operator))).body.url).toBe('https://93.184.216.34/hook');
    // A public name is accepted (if it does not resolve yet, it is judged at delivery).
    expect((await shop.http().post('/admin/webhooks/endpoints').set(bearer(operator)).send({ url: 'https://hooks.example.com/in', events: ['card-keys.stock.low'] })).status).toBe(201);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM webhooks.endpoints`)).toEqual([{ n: 2 }]);
  });

  it('checks the address again at delivery time: a name that now resolves to this machine gets nothing, and the delivery fails at once', async () => {
    // Endpoints saved while their names looked public, whose DNS now points inside (stored directly).
    const secrets = shop.app.get(EndpointSecrets);
    const now = new Date();
    const rebound = randomUUID();
    const spelled = randomUUID();
    for (const [id, url] of [
      [rebound, `https://${hostname()}:${receiver.port}/hook`],
      [spelled, `http://127.0.0.1:${receiver.port}/hook`],
    ]) {
      const sealed = secrets.seal(id, 'whsec_stored-directly');
      await shop.dataSource.query(
        `INSERT INTO webhooks.endpoints (id, url, events, include_keys, active, secret_key_id, secret_sealed, secret_rotated_at, created_at, updated_at)
         VALUES ($1, $2, ARRAY['card-keys.stock.low'], false, true, $3, $4, $5, $5, $5)`,
        [id, url, sealed.keyId, sealed.sealed, now],
      );
    }
    await publish(shop, new StockLowV1(randomUUID(), 0, 3));
    await drainEvents(shop.app);

    expect(receiver.requests).toHaveLength(0);
    const rows: Array<{ endpoint_id: string; status: string; total_attempts: number; last_error: string }> = await shop.dataSource.query(
      `SELECT endpoint_id, status, total_attempts, last_error FROM webhooks.deliveries`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ status: 'failed', total_attempts: 1 });
    expect(rows.find((r) => r.endpoint_id === rebound)!.last_error).toMatch(new RegExp(`^target refused: ${hostname()} resolves to a refused address: .*production sends webhooks to public addresses only`));
    expect(rows.find((r) => r.endpoint_id === spelled)!.last_error).toBe('target refused: the scheme must be https');
    const attempts = await shop.dataSource.query(`SELECT outcome, status_code FROM webhooks.delivery_attempts`);
    expect(attempts).toEqual([
      { outcome: 'refused', status_code: null },
      { outcome: 'refused', status_code: null },
    ]);
  });
});
