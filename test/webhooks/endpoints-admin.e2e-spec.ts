import { SubscriberRegistry } from '../../src/platform/events/subscriber-registry';
import { EVENT_CATALOGUE } from '../../src/modules/webhooks/domain/event-catalogue';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, createEndpoint, resetWebhooks } from './webhooks-helpers';

describe('webhook endpoints in the admin', () => {
  let shop: TestApp;
  let operator: string;
  const hook = 'http://127.0.0.1:9/hook';

  beforeAll(async () => {
    shop = await createTestApp();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetWebhooks(shop);
    operator = await shop.adminToken('operator');
  });
  afterAll(() => shop.close());

  const auditRows = () => shop.dataSource.query(`SELECT action, target_id, details::text AS details, reason FROM platform.audit_log ORDER BY at, id`);
  const endpointRows = () => shop.dataSource.query(`SELECT * FROM webhooks.endpoints ORDER BY created_at`);

  it('shows the signing secret once on create, stores it sealed, and never shows it again', async () => {
    const res = await shop
      .http()
      .post('/admin/webhooks/endpoints')
      .set(bearer(operator))
      .send({ url: hook, events: ['orders.order.paid', 'card-keys.stock.low'], description: 'ERP' });
    expect(res.status).toBe(201);
    const secret = res.body.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({ url: hook, events: ['orders.order.paid', 'card-keys.stock.low'], includeKeys: false, active: true, description: 'ERP' });

    const [row] = await endpointRows();
    expect(row.secret_key_id).toBe('test1');
    expect(Buffer.from(row.secret_sealed).includes(Buffer.from(secret))).toBe(false);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));

    const list = await shop.http().get('/admin/webhooks/endpoints').set(bearer(operator));
    const one = await shop.http().get(`/admin/webhooks/endpoints/${res.body.id}`).set(bearer(operator));
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(one.status).toBe(200);
    for (const body of [list.body, one.body]) {
      expect(JSON.stringify(body)).not.toContain(secret.slice(6));
      expect(JSON.stringify(body)).not.toContain('whsec_');
    }
    expect(one.body).not.toHaveProperty('secret');

    const audit = await auditRows();
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['webhooks.endpoint.create']);
    expect(audit[0].details).not.toContain(secret.slice(6));
  });

  it('rotates the secret (shown once), keeps the old one signing only when asked, and audits without it', async () => {
    const created = await createEndpoint(shop, operator, { url: hook, events: ['orders.order.paid'] });
    const rotated = await shop.http().post(`/admin/webhooks/endpoints/${created.id}/rotate-secret`).set(bearer(operator)).send({});
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.previousSecretExpiresAt).toBeNull();

    const graceful = await shop
      .http()
      .post(`/admin/webhooks/endpoints/${created.id}/rotate-secret`)
      .set(bearer(operator))
      .send({ previousSecretValidMinutes: 60 });
    expect(graceful.status).toBe(200);
    expect(graceful.body.previousSecretExpiresAt).not.toBeNull();
    const [row] = await endpointRows();
    expect(row.previous_secret_sealed).not.toBeNull();

    const shown = JSON.stringify((await shop.http().get(`/admin/webhooks/endpoints/${created.id}`).set(bearer(operator))).body);
    const audit = JSON.stringify(await auditRows());
    for (const secret of [created.secret, rotated.body.secret, graceful.body.secret]) {
      expect(shown).not.toContain(secret.slice(6));
      expect(audit).not.toContain(secret.slice(6));
    }
    expect((await auditRows()).map((a: { action: string }) => a.action)).toEqual([
      'webhooks.endpoint.create',
      'webhooks.endpoint.rotate-secret',
      'webhooks.endpoint.rotate-secret',
    ]);
  });

  it('changes events, includeKeys, url and active, auditing which fields changed (the URL without its query)', async () => {
    const created = await createEndpoint(shop, operator, { url: hook, events: ['orders.order.paid'] });
    const res = await shop
      .http()
      .patch(`/admin/webhooks/endpoints/${created.id}`)
      .set(bearer(operator))
      .send({ events: ['orders.order.delivered', 'orders.order.delivered'], includeKeys: true, url: 'http://localhost:9/new?token=abc', active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ events: ['orders.order.delivered'], includeKeys: true, url: 'http://localhost:9/new?token=abc', active: false });
    const audit = await auditRows();
    expect(audit[1].action).toBe('webhooks.endpoint.update');
    const details = JSON.parse(audit[1].details);
    expect(details.changed.sort()).toEqual(['active', 'events', 'includeKeys', 'url']);
    expect(details.url).toBe('http://localhost:9/new');
    expect(audit[1].details).not.toContain('token=abc');
    expect((await shop.http().get('/admin/webhooks/endpoints?active=false').set(bearer(operator))).body.total).toBe(1);
    expect((await shop.http().get('/admin/webhooks/endpoints?active=true').set(bearer(operator))).body.total).toBe(0);
  });

  it('deletes an endpoint: 204, then 404, gone from the list, audited', async () => {
    const created = await createEndpoint(shop, operator, { url: hook, events: ['orders.order.paid'] });
    expect((await shop.http().delete(`/admin/webhooks/endpoints/${created.id}`).set(bearer(operator))).status).toBe(204);
    expect((await shop.http().get(`/admin/webhooks/endpoints/${created.id}`).set(bearer(operator))).status).toBe(404);
    expect((await shop.http().delete(`/admin/webhooks/endpoints/${created.id}`).set(bearer(operator))).status).toBe(404);
    expect((await shop.http().get('/admin/webhooks/endpoints').set(bearer(operator))).body.total).toBe(0);
    const [row] = await endpointRows();
    expect(row.deleted_at).not.toBeNull();
    expect((await auditRows()).map((a: { action: string }) => a.action)).toEqual(['webhooks.endpoint.create', 'webhooks.endpoint.delete']);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const created = await createEndpoint(shop, operator, { url: hook, events: ['orders.order.paid'] });
    const before = JSON.stringify(await endpointRows());
    const auditBefore = (await auditRows()).length;
    const bad: Array<Record<string, unknown>> = [
      { url: hook, events: ['orders.order.teleported'] },
      { url: hook, events: [] },
      { url: hook },
      { events: ['orders.order.paid'] },
      { url: hook, events: ['orders.order.paid'], includeKeys: 'yes' },
      { url: hook, events: ['orders.order.paid'], secret: 'whsec_mine' },
      { url: 'ftp://127.0.0.1/hook', events: ['orders.order.paid'] },
      { url: 'gopher://127.0.0.1:6379/_x', events: ['orders.order.paid'] },
      { url: 'https://user:pass@example.com/hook', events: ['orders.order.paid'] },
      { url: 'http://example.com/hook', events: ['orders.order.paid'] },
      { url: 'http://10.0.0.8/hook', events: ['orders.order.paid'] },
      { url: 'https://0.0.0.0/hook', events: ['orders.order.paid'] },
      { url: 'not a url', events: ['orders.order.paid'] },
      { url: `https://example.com/${'x'.repeat(2001)}`, events: ['orders.order.paid'] },
    ];
    for (const body of bad) {
      const res = await shop.http().post('/admin/webhooks/endpoints').set(bearer(operator)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.code).toBe('validation_failed');
    }
    const badPatches: Array<Record<string, unknown>> = [
      {},
      { events: ['nope.nope.nope'] },
      { url: 'http://example.com/x' },
      { active: 'no' },
      { includeKeys: 1 },
      { secret: 'x' },
    ];
    for (const body of badPatches) {
      const res = await shop.http().patch(`/admin/webhooks/endpoints/${created.id}`).set(bearer(operator)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await shop.http().post(`/admin/webhooks/endpoints/${created.id}/rotate-secret`).set(bearer(operator)).send({ previousSecretValidMinutes: -1 })).status).toBe(400);
    expect((await shop.http().get('/admin/webhooks/endpoints/not-a-uuid').set(bearer(operator))).status).toBe(400);
    expect((await shop.http().get('/admin/webhooks/deliveries?status=lost').set(bearer(operator))).status).toBe(400);
    expect((await shop.http().get('/admin/webhooks/deliveries?endpointId=nope').set(bearer(operator))).status).toBe(400);
    for (const body of [{ reason: '' }, { reason: 'x', force: true }]) {
      expect((await shop.http().post(`/admin/webhooks/deliveries/${created.id}/resend`).set(bearer(operator)).send(body)).status).toBe(400);
    }
    expect(JSON.stringify(await endpointRows())).toBe(before);
    expect((await auditRows()).length).toBe(auditBefore);
  });

  it('lets operators (and the owner) in; other roles get 403 and no token 401', async () => {
    const created = await createEndpoint(shop, operator, { url: hook, events: ['orders.order.paid'] });
    const owner = await shop.adminToken('owner');
    const others = [await shop.adminToken('support'), await shop.adminToken('marketing'), await shop.adminToken('finance')];
    const calls = (token?: string) => {
      const auth = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => (token ? req.set(bearer(token)) : req);
      return [
        auth(shop.http().get('/admin/webhooks/events')),
        auth(shop.http().get('/admin/webhooks/endpoints')),
        auth(shop.http().get(`/admin/webhooks/endpoints/${created.id}`)),
        auth(shop.http().post('/admin/webhooks/endpoints')).send({ url: hook, events: ['orders.order.paid'] }),
        auth(shop.http().patch(`/admin/webhooks/endpoints/${created.id}`)).send({ active: false }),
        auth(shop.http().post(`/admin/webhooks/endpoints/${created.id}/rotate-secret`)).send({}),
        auth(shop.http().delete(`/admin/webhooks/endpoints/${created.id}`)),
        auth(shop.http().get('/admin/webhooks/deliveries')),
        auth(shop.http().get(`/admin/webhooks/deliveries/${created.id}`)),
        auth(shop.http().post(`/admin/webhooks/deliveries/${created.id}/resend`)).send({}),
      ];
    };
    for (const token of others) {
      const statuses = (await Promise.all(calls(token))).map((res) => res.status);
      expect(statuses).toEqual(Array(10).fill(403));
    }
    for (const res of await Promise.all(calls())) expect(res.status).toBe(401);
    expect((await shop.http().get('/admin/webhooks/endpoints')).status).toBe(401);
    // Nothing changed by the refused calls.
    const [row] = await endpointRows();
    expect(row).toMatchObject({ active: true, deleted_at: null });
    expect((await shop.http().get('/admin/webhooks/endpoints').set(bearer(owner))).status).toBe(200);
    expect((await shop.http().get('/admin/webhooks/events').set(bearer(operator))).status).toBe(200);
  });

  it('lists the event catalogue, and every entry has exactly one forwarding subscriber', async () => {
    const res = await shop.http().get('/admin/webhooks/events').set(bearer(operator));
    expect(res.status).toBe(200);
    const types = res.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining([
      'orders.order.placed',
      'orders.order.paid',
      'orders.order.delivered',
      'orders.order.refunded',
      'orders.order.expired',
      'orders.order.cancelled',
      'orders.order.awaiting-stock',
      'card-keys.stock.low',
      'payments.payment.mismatch',
      'support.ticket.opened',
      'support.ticket.sla-breached',
    ]));
    expect(res.body.items.find((e: { type: string }) => e.type === 'orders.order.delivered').mayCarryKeys).toBe(true);
    const forwarded = shop.app
      .get(SubscriberRegistry)
      .all()
      .filter((s) => s.owner === ('webhooks' as never))
      .map((s) => s.eventKey.replace(/@v\d+$/, ''));
    expect(forwarded.sort()).toEqual(EVENT_CATALOGUE.map((e) => e.type).sort());
  });

  it('refuses more than the maximum number of endpoints with 422, also when requests race', async () => {
    for (let i = 0; i < 17; i += 1) await createEndpoint(shop, operator, { url: `${hook}/${i}`, events: ['orders.order.paid'] });
    const racing = await Promise.all(
      Array.from({ length: 6 }, (_, i) => shop.http().post('/admin/webhooks/endpoints').set(bearer(operator)).send({ url: `${hook}/race-${i}`, events: ['orders.order.paid'] })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
    expect(racing.filter((r) => r.status === 422).every((r) => r.body.error.code === 'too_many_endpoints')).toBe(true);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM webhooks.endpoints`)).toEqual([{ n: 20 }]);
  });
});
