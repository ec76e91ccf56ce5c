import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, createChannel, newSecret, resetPayments } from './payments-helpers';

describe('payment channels (admin)', () => {
  let shop: TestApp;
  let finance: string;

  beforeAll(async () => {
    shop = await createTestApp();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
  });
  afterAll(() => shop.close());

  it('creates, lists, reads and updates channels without ever returning credentials, audited', async () => {
    const secret = newSecret();
    const created = await shop
      .http()
      .post('/admin/payments/channels')
      .set(bearer(finance))
      .send({
        code: 'sandbox',
        provider: 'sandbox',
        displayName: 'Sandbox',
        currency: 'CNY',
        priority: 10,
        minAmountMinor: 100,
        maxAmountMinor: 500_000,
        feeBps: 60,
        credentials: { secret },
        settings: { timeoutMs: 2000, latencyMs: 5 },
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'sandbox',
      provider: 'sandbox',
      enabled: true,
      priority: 10,
      minAmountMinor: 100,
      maxAmountMinor: 500_000,
      feeBps: 60,
      feeFixedMinor: 0,
      credentialsSet: ['secret'],
      settings: { timeoutMs: 2000, latencyMs: 5 },
      // No PUBLIC_BASE_URL in tests: the local fallback.
      callbackUrl: 'http://localhost:3000/api/payments/callbacks/sandbox',
    });

    const list = await shop.http().get('/admin/payments/channels').set(bearer(finance));
    expect(list.status).toBe(200);
    expect(list.body.map((c: { code: string }) => c.code)).toEqual(['sandbox']);

    const updated = await shop
      .http()
      .patch('/admin/payments/channels/sandbox')
      .set(bearer(finance))
      .send({ enabled: false, priority: 5, maxAmountMinor: null, feeFixedMinor: 30, settings: { latencyMs: null, failureRate: 0.5 }, credentials: { secret: newSecret() } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ enabled: false, priority: 5, maxAmountMinor: null, feeFixedMinor: 30, settings: { timeoutMs: 2000, failureRate: 0.5 } });
    expect(updated.body.settings).not.toHaveProperty('latencyMs');

    const read = await shop.http().get('/admin/payments/channels/sandbox').set(bearer(finance));
    expect(read.body).toMatchObject({ code: 'sandbox', enabled: false, credentialsSet: ['secret'] });

    const everything = JSON.stringify([created.body, list.body, updated.body, read.body]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/credentials_sealed|"credentials"/);

    const audit = await shop.http().get('/admin/audit-log?targetType=payment-channel').set(bearer(finance));
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['payments.channel.create', 'payments.channel.update']);
    const update = audit.body.items.find((e: { action: string }) => e.action === 'payments.channel.update');
    expect(update.details.changed).toEqual(expect.arrayContaining(['enabled', 'priority', 'maxAmountMinor', 'settings', 'credentials']));
    expect(JSON.stringify(audit.body)).not.toContain(secret);
  });

  it('keeps credentials sealed in the database, bound to their channel', async () => {
    const secret = `plain-${newSecret()}`;
    await createChannel(shop, finance, { code: 'sealed-a', secret });
    await createChannel(shop, finance, { code: 'sealed-b' });
    const rows = await shop.dataSource.query(`SELECT * FROM payments.channels ORDER BY code`);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows.some((r: { credentials_sealed: Buffer }) => r.credentials_sealed.includes(Buffer.from(secret)))).toBe(false);
    expect(rows[0].credentials_key_id).toBe('test1');

    // Sealed credentials moved onto another channel do not open there: the callback cannot verify.
    await shop.dataSource.query(
      `UPDATE payments.channels SET credentials_sealed = (SELECT credentials_sealed FROM payments.channels WHERE code = 'sealed-a') WHERE code = 'sealed-b'`,
    );
    const res = await shop.http().post('/api/payments/callbacks/sealed-b').set('Content-Type', 'application/json').send({});
    expect(res.status).toBe(500);
  });

  it('refuses bad input with the right status and changes nothing', async () => {
    await createChannel(shop, finance, { code: 'taken' });
    const good = { code: 'fresh', provider: 'sandbox', displayName: 'S', currency: 'CNY', credentials: { secret: newSecret() } };
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...good, code: 'Bad Code' }, 400, 'validation_failed'],
      [{ ...good, code: 'health' }, 400, 'validation_failed'],
      [{ ...good, provider: 'paypal' }, 400, 'validation_failed'],
      [{ ...good, currency: 'cny' }, 400, 'validation_failed'],
      [{ ...good, minAmountMinor: 0 }, 400, 'validation_failed'],
      [{ ...good, minAmountMinor: 500, maxAmountMinor: 100 }, 400, 'validation_failed'],
      [{ ...good, feeBps: 10_001 }, 400, 'validation_failed'],
      [{ ...good, credentials: { secret: 'short' } }, 400, 'validation_failed'],
      [{ ...good, credentials: { secret: newSecret(), apiKey: 'x' } }, 400, 'validation_failed'],
      [{ ...good, credentials: 'secret' }, 400, 'validation_failed'],
      [{ ...good, settings: { timeoutMs: 1 } }, 400, 'validation_failed'],
      [{ ...good, settings: { failureRate: 2 } }, 400, 'validation_failed'],
      [{ ...good, settings: { colour: 'red' } }, 400, 'validation_failed'],
      [{ ...good, extra: true }, 400, 'validation_failed'],
      // A provider's own credential rules: a sandbox secret is not a Stripe key.
      [{ ...good, provider: 'stripe' }, 400, 'validation_failed'],
      [{ ...good, code: 'taken' }, 409, 'channel_code_taken'],
    ];
    for (const [body, status, code] of cases) {
      const res = await shop.http().post('/admin/payments/channels').set(bearer(finance)).send(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status, code });
    }
    const patches: Array<[string, Record<string, unknown>, number]> = [
      ['taken', {}, 400],
      ['taken', { code: 'renamed' }, 400],
      ['taken', { minAmountMinor: 1000, maxAmountMinor: 10 }, 400],
      ['taken', { settings: { breakerResetMs: 5 } }, 400],
      ['taken', { credentials: { token: 'x'.repeat(20) } }, 400],
      ['missing', { enabled: false }, 404],
    ];
    for (const [code, body, status] of patches) {
      const res = await shop.http().patch(`/admin/payments/channels/${code}`).set(bearer(finance)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status });
    }
    const rows = await shop.dataSource.query(`SELECT code, min_amount_minor, settings, updated_at = created_at AS untouched FROM payments.channels`);
    expect(rows.map((r: Record<string, unknown>) => ({ ...r, min_amount_minor: Number(r.min_amount_minor) }))).toEqual([{ code: 'taken', min_amount_minor: 1, settings: {}, untouched: true }]);
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'payments.channel.update'`);
    expect(n).toBe(0);
  });

  it('lets finance and the owner in, nobody else', async () => {
    const owner = await shop.adminToken('owner');
    const operator = await shop.adminToken('operator');
    expect((await shop.http().get('/admin/payments/channels')).status).toBe(401);
    expect((await shop.http().get('/admin/payments/channels').set(bearer(operator))).status).toBe(403);
    expect((await shop.http().get('/admin/payments/channels').set(bearer(owner))).status).toBe(200);
    const denied = await shop
      .http()
      .post('/admin/payments/channels')
      .set(bearer(operator))
      .send({ code: 'nope', provider: 'sandbox', displayName: 'S', currency: 'CNY', credentials: { secret: newSecret() } });
    expect(denied.status).toBe(403);
    await createChannel(shop, owner, { code: 'by-owner' });
    expect((await shop.http().get('/admin/payments/channels/health').set(bearer(operator))).status).toBe(403);
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM payments.channels`);
    expect(n).toBe(1);
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const body = { code: 'idem', provider: 'sandbox', displayName: 'S', currency: 'CNY', credentials: { secret: newSecret() } };
    const first = await shop.http().post('/admin/payments/channels').set(bearer(finance)).set('Idempotency-Key', 'chan-1').send(body);
    const again = await shop.http().post('/admin/payments/channels').set(bearer(finance)).set('Idempotency-Key', 'chan-1').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('shows each channel with a health view before any attempt', async () => {
    await createChannel(shop, finance, { code: 'quiet' });
    const res = await shop.http().get('/admin/payments/channels/quiet/health').set(bearer(finance));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 'quiet',
      provider: 'sandbox',
      enabled: true,
      breaker: 'closed',
      attempts: 0,
      succeeded: 0,
      failed: 0,
      timeouts: 0,
      rejectedByBreaker: 0,
      successRate: null,
      createLatencyMs: { p50: null, p95: null },
      lastAttemptAt: null,
    });
    expect((await shop.http().get('/admin/payments/channels/nope/health').set(bearer(finance))).status).toBe(404);
  });

  it('tests a channel on demand: a harmless call to the provider, audited', async () => {
    await createChannel(shop, finance, { code: 'probe' });
    const res = await shop.http().post('/admin/payments/channels/probe/test').set(bearer(finance));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channel: 'probe', ok: true, detail: expect.stringContaining('sandbox ledger reachable') });
    expect(res.body.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await shop.http().post('/admin/payments/channels/nope/test').set(bearer(finance))).status).toBe(404);
    expect((await shop.http().post('/admin/payments/channels/probe/test').set(bearer(await shop.adminToken('support')))).status).toBe(403);
    const audit = await shop.http().get('/admin/audit-log?targetType=payment-channel').set(bearer(finance));
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'payments.channel.test')).toHaveLength(1);
  });
});
