import { RelayLoop } from '../../src/platform/events/relay-loop';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { TestHttpModule, THINGS_TABLE_SQL } from './test-http.module';

describe('HTTP platform: validation, errors, idempotency, admin auth, operations', () => {
  let shop: TestApp;
  const things = async () =>
    (await shop.dataSource.query(`SELECT count(*)::int AS n FROM public.test_things`))[0].n as number;

  beforeAll(async () => {
    shop = await createTestApp({ imports: [TestHttpModule] });
    await shop.dataSource.query(THINGS_TABLE_SQL);
  });

  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await shop.dataSource.query(`TRUNCATE public.test_things`);
  });

  afterAll(() => shop.close());

  describe('validation', () => {
    it('refuses an unknown field with 400 in the error envelope and changes nothing', async () => {
      const res = await shop.http().post('/api/test/things').send({ name: 'a', quantity: 1, price: 5 });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toEqual([{ field: 'price', problems: ['property price should not exist'] }]);
      expect(res.body.error.requestId).toEqual(expect.any(String));
      expect(await things()).toBe(0);
    });

    it('names every bad field, nested ones included', async () => {
      const res = await shop.http().post('/api/test/things').send({ name: '', quantity: '3' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'quantity']);
      const nested = await shop.http().post('/api/test/boxes').send({ size: { width: 0 } });
      expect(nested.status).toBe(400);
      expect(nested.body.error.details[0].field).toBe('size.width');
    });

    it('answers malformed JSON with 400 and an unknown route with 404, both in the envelope', async () => {
      const bad = await shop.http().post('/api/test/things').set('Content-Type', 'application/json').send('{"name":');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('bad_request');
      const missing = await shop.http().get('/api/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for a retry with the same key and body', async () => {
      const body = { name: 'gift card', quantity: 2 };
      const first = await shop.http().post('/api/test/things').set('Idempotency-Key', 'key-replay-1').send(body);
      const second = await shop
        .http()
        .post('/api/test/things')
        .set('Idempotency-Key', 'key-replay-1')
        .send({ quantity: 2, name: 'gift card' }); // same request, other key order
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await things()).toBe(1);
    });

    it('refuses the same key with a different body with 422 and creates nothing more', async () => {
      await shop.http().post('/api/test/things').set('Idempotency-Key', 'key-mismatch').send({ name: 'a', quantity: 1 });
      const res = await shop
        .http()
        .post('/api/test/things')
        .set('Idempotency-Key', 'key-mismatch')
        .send({ name: 'a', quantity: 2 });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('idempotency_key_reused');
      expect(await things()).toBe(1);
    });

    it('creates once when many identical requests with one key arrive at the same time', async () => {
      const responses = await Promise.all(
        Array.from({ length: 12 }, () =>
          shop.http().post('/api/test/things').set('Idempotency-Key', 'key-parallel').send({ name: 'x', quantity: 1 }),
        ),
      );
      // One request does the work; the others either replay it or are told it is still running.
      const created = responses.filter((r) => r.status === 201);
      const inProgress = responses.filter((r) => r.status === 409);
      expect(created.length + inProgress.length).toBe(12);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of inProgress) expect(r.body.error.code).toBe('idempotency_key_in_progress');
      expect(await things()).toBe(1);
      const after = await shop.http().post('/api/test/things').set('Idempotency-Key', 'key-parallel').send({ name: 'x', quantity: 1 });
      expect(after.status).toBe(201);
      expect(after.body.id).toBe(created[0].body.id);
    });

    it('keeps nothing for a request that failed, so the same key can be used again', async () => {
      const bad = await shop.http().post('/api/test/things').set('Idempotency-Key', 'key-after-error').send({ name: 'x' });
      expect(bad.status).toBe(400);
      const good = await shop
        .http()
        .post('/api/test/things')
        .set('Idempotency-Key', 'key-after-error')
        .send({ name: 'x', quantity: 1 });
      expect(good.status).toBe(201);
      expect(await things()).toBe(1);
    });

    it('creates a new thing for each request without a key, and refuses a malformed key', async () => {
      await shop.http().post('/api/test/things').send({ name: 'a', quantity: 1 });
      await shop.http().post('/api/test/things').send({ name: 'a', quantity: 1 });
      expect(await things()).toBe(2);
      const res = await shop.http().post('/api/test/things').set('Idempotency-Key', 'x'.repeat(300)).send({ name: 'a', quantity: 1 });
      expect(res.status).toBe(400);
      expect(await things()).toBe(2);
    });
  });

  describe('admin authentication and roles', () => {
    it('answers 401 without a token and with an unknown or malformed one', async () => {
      const none = await shop.http().get('/admin/test/finance-only');
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      const unknown = await shop
        .http()
        .get('/admin/test/finance-only')
        .set('Authorization', `Bearer csa_${'A'.repeat(43)}`);
      expect(unknown.status).toBe(401);
      const malformed = await shop.http().get('/admin/test/finance-only').set('Authorization', 'Basic abc');
      expect(malformed.status).toBe(401);
    });

    it('answers 403 for the wrong role and lets the right role and the owner in', async () => {
      const support = await shop.adminToken('support');
      const finance = await shop.adminToken('finance');
      const owner = await shop.adminToken('owner');
      const wrong = await shop.http().get('/admin/test/finance-only').set('Authorization', `Bearer ${support}`);
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('forbidden');
      expect((await shop.http().get('/admin/test/finance-only').set('Authorization', `Bearer ${finance}`)).status).toBe(200);
      expect((await shop.http().get('/admin/test/finance-only').set('Authorization', `Bearer ${owner}`)).status).toBe(200);
    });

    it('admits only the owner where an endpoint names no role', async () => {
      const finance = await shop.adminToken('finance');
      const owner = await shop.adminToken('owner');
      expect((await shop.http().get('/admin/test/owner-only').set('Authorization', `Bearer ${finance}`)).status).toBe(403);
      expect((await shop.http().get('/admin/test/owner-only').set('Authorization', `Bearer ${owner}`)).status).toBe(200);
    });

    it('stops accepting a revoked token and stores only token hashes', async () => {
      const token = await shop.adminToken('finance');
      const stored = await shop.dataSource.query(`SELECT token_hash FROM platform.admin_tokens`);
      expect(JSON.stringify(stored)).not.toContain(token);
      await shop.dataSource.query(`UPDATE platform.admin_tokens SET revoked_at = now()`);
      expect((await shop.http().get('/admin/test/finance-only').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    });
  });

  describe('operations endpoints', () => {
    it('reports PostgreSQL and Redis health', async () => {
      const res = await shop.http().get('/health');
      expect(res.status).toBe(200);
      expect(res.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
    });

    it('exposes Prometheus metrics labelled by module', async () => {
      await shop.http().get('/health');
      const res = await shop.http().get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/http_requests_total\{module="platform",method="GET",route="\/health",status="200"\}/);
      expect(res.text).toMatch(/queue_jobs\{module="orders",queue="orders.events",state="waiting"\}/);
      expect(res.text).toContain('outbox_pending_events');
    });

    it('counts requests under the module that owns the controller, rejected ones included', async () => {
      await shop.http().post('/api/test/things').send({ bad: true });
      await shop.http().get('/admin/test/finance-only');
      const res = await shop.http().get('/metrics');
      expect(res.text).toMatch(/http_requests_total\{module="test-http",method="POST",route="\/api\/test\/things",status="400"\} [1-9]/);
      expect(res.text).toMatch(/http_requests_total\{module="test-http",method="GET",route="\/admin\/test\/finance-only",status="401"\} [1-9]/);
    });

    it('serves the OpenAPI document and echoes a sane request id', async () => {
      const docs = await shop.http().get('/docs/openapi.json');
      expect(docs.status).toBe(200);
      expect(docs.body.paths).toHaveProperty(['/admin/events/dead-letters']);
      const res = await shop.http().get('/health').set('X-Request-Id', 'trace-abc-12345');
      expect(res.headers['x-request-id']).toBe('trace-abc-12345');
      const fresh = await shop.http().get('/health').set('X-Request-Id', 'bad id with spaces');
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('HTTP platform: throttling and process roles', () => {
  it('answers 429 in the error envelope once a client passes the limit', async () => {
    const shop = await createTestApp({ env: { THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '60' } });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i += 1) {
        last = await shop.http().get('/admin/events/dead-letters');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(last?.body.error.code).toBe('too_many_requests');
      expect(last?.headers['retry-after']).toBeDefined();
    } finally {
      await shop.close();
    }
  });

  it('serves only health and metrics on a worker node', async () => {
    const worker = await createTestApp({ env: { ROLE: 'worker' } });
    try {
      expect((await worker.http().get('/health')).status).toBe(200);
      expect((await worker.http().get('/metrics')).status).toBe(200);
      const api = await worker.http().get('/admin/events/dead-letters');
      expect(api.status).toBe(404);
      expect(api.body.error.code).toBe('not_found');
    } finally {
      await worker.close();
    }
  });

  it('keeps workers off an API node and runs them on a worker node', async () => {
    const api = await createTestApp({ env: { ROLE: 'api' } });
    const worker = await createTestApp({ env: { ROLE: 'worker' } });
    try {
      expect(api.app.get(RelayLoop).isRunning).toBe(false);
      expect(worker.app.get(RelayLoop).isRunning).toBe(true);
    } finally {
      await api.close();
      await worker.close();
    }
  });
});
