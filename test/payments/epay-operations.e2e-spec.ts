import { FixedClock } from '../../src/platform/clock/clock';
import { drainEvents } from '../support/drain-events';
import { createEpayChannel, newEpayMerchant } from '../support/fake-providers/epay-channels';
import { FakeEpayServer } from '../support/fake-providers/epay-server';
import { createListeningTestApp, freePort, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, outboxOf, patchChannel, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

/** Reconciliation, refunds, "test this channel" and channel checks of epay, against the fake aggregator. */
describe('epay: reconciliation, refunds and channel administration', () => {
  const merchant = newEpayMerchant();
  const clock = new FixedClock();
  let shop: TestApp & { baseUrl: string };
  let fake: FakeEpayServer;
  let finance: string;

  beforeAll(async () => {
    fake = await FakeEpayServer.start(merchant);
    shop = await createListeningTestApp({ clock });
  });
  beforeEach(async () => {
    fake.reset();
    clock.set(new Date());
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
    await createEpayChannel(shop, finance, { code: 'epay', merchant, settings: { apiBase: fake.baseUrl }, priority: 10 });
    await createEpayChannel(shop, finance, { code: 'epay-api', merchant, settings: { apiBase: fake.baseUrl, mode: 'api' }, priority: 20 });
  });
  afterAll(async () => {
    await shop.close();
    await fake.close();
  });

  const inMinutes = (m: number) => new Date(clock.now().getTime() + m * 60_000);
  const open = (over: Parameters<typeof paymentInput>[0] = {}) =>
    payments(shop, (p) => p.openPayment(paymentInput({ expiresAt: inMinutes(15), ...over })));
  const reconcile = async () => (await shop.http().post('/admin/payments/reconcile').set(bearer(finance))).body;
  const testChannel = async (code: string) => (await shop.http().post(`/admin/payments/channels/${code}/test`).set(bearer(finance))).body;

  describe('reconciliation', () => {
    it('settles a paid payment whose notify was lost, and leaves unpaid or unknown ones pending until they expire', async () => {
      const lost = await open({ preferredChannel: 'epay' });
      await fetch(lost.payUrl as string);
      expect(await fake.pay(lost.paymentId, false)).toBeNull();
      // Page mode, never opened by the buyer: the aggregator has never heard of it.
      const neverOpened = await open({ preferredChannel: 'epay' });
      const unpaid = await open({ preferredChannel: 'epay-api' });

      clock.advance(3 * 60_000);
      expect(await reconcile()).toMatchObject({ checked: 3, settled: 1, failed: 0, expired: 0, errors: 0 });
      const trade = fake.trades.get(lost.paymentId);
      expect(await paymentRow(shop, lost.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'reconciliation', provider_txn_id: trade?.tradeNo });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([
        expect.objectContaining({ paymentId: lost.paymentId, source: 'reconciliation', amountMinor: 1999, currency: 'CNY' }),
      ]);
      expect(await paymentRow(shop, neverOpened.paymentId)).toMatchObject({ status: 'pending' });
      expect(await paymentRow(shop, unpaid.paymentId)).toMatchObject({ status: 'pending' });
      // The classic query API takes pid and key as parameters: that is the published protocol.
      expect(fake.requestsTo('api.php?act=order').map((r) => r.fields.out_trade_no).sort()).toEqual(
        [lost.paymentId, neverOpened.paymentId, unpaid.paymentId].sort(),
      );

      clock.advance(15 * 60_000);
      expect(await reconcile()).toMatchObject({ checked: 2, settled: 0, expired: 2, errors: 0 });

      // The notify that turns up late changes nothing.
      expect((await fake.pay(lost.paymentId))?.body).toBe('success');
      await drainEvents(shop.app);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
    });

    it('counts an aggregator that refuses the query as an error and changes nothing', async () => {
      const opened = await open({ preferredChannel: 'epay' });
      await patchChannel(shop, finance, 'epay', { credentials: { pid: merchant.pid, key: 'a-wrong-merchant-key' } });
      clock.advance(3 * 60_000);
      expect(await reconcile()).toMatchObject({ checked: 1, settled: 0, errors: 1 });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending' });
    });
  });

  describe('refunds', () => {
    it('refunds in parts through api.php by trade number; a refusal by the aggregator changes nothing', async () => {
      const opened = await open({ preferredChannel: 'epay', amountMinor: 1000 });
      await fetch(opened.payUrl as string);
      await fake.pay(opened.paymentId);
      await drainEvents(shop.app);
      const trade = fake.trades.get(opened.paymentId);

      const part = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, amountMinor: 300, reason: 'one key was faulty' }));
      expect(part).toEqual({ paymentId: opened.paymentId, outcome: 'refunded', amountMinor: 300 });
      expect(fake.requestsTo('api.php?act=refund').map((r) => r.fields)).toEqual([
        { act: 'refund', pid: merchant.pid, key: merchant.key, trade_no: trade?.tradeNo, money: '3.00' },
      ]);
      expect(trade?.refunds).toEqual(['3.00']);

      // Someone refunds 5.00 in the aggregator's panel: only 2.00 is left there, the shop thinks 7.00.
      trade?.refunds.push('5.00');
      await expect(payments(shop, (p) => p.refund({ paymentId: opened.paymentId, reason: 'order cancelled' }))).rejects.toMatchObject({
        status: 502,
        code: 'refund_failed',
      });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', refunded_amount_minor: 300 });
      const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM payments.refunds`);
      expect(n).toBe(1);

      const rest = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, amountMinor: 200, reason: 'what is left there' }));
      expect(rest).toMatchObject({ outcome: 'refunded', amountMinor: 200 });
      expect(trade?.refunds).toEqual(['3.00', '5.00', '2.00']);
      expect((await outboxOf(shop, 'payments.payment.refunded')).map((e) => [e.amountMinor, e.outcome])).toEqual([
        [300, 'refunded'],
        [200, 'refunded'],
      ]);
      const [refund] = await shop.dataSource.query(`SELECT provider_refund_id FROM payments.refunds ORDER BY created_at LIMIT 1`);
      expect(refund.provider_refund_id).toBe(`${opened.paymentId}-r1`);
    });
  });

  describe('"test this channel"', () => {
    it('is ok when the aggregator answers "order not found" for a probe, and says why when it is not', async () => {
      const good = await testChannel('epay');
      expect(good).toMatchObject({ channel: 'epay', ok: true });
      expect(good.detail).toMatch(/^api\.php accepted pid 1001 and its key \(probe order probe-[0-9a-f]{16}: not found, as expected\)$/);

      await patchChannel(shop, finance, 'epay', { credentials: { pid: merchant.pid, key: 'a-wrong-merchant-key' } });
      expect(await testChannel('epay')).toMatchObject({ ok: false, detail: 'the aggregator refused the order query: KEY校验失败' });
      await patchChannel(shop, finance, 'epay', { credentials: { pid: '9999', key: merchant.key } });
      expect(await testChannel('epay')).toMatchObject({ ok: false, detail: 'the aggregator refused the order query: PID不存在' });

      const nobody = `http://127.0.0.1:${await freePort()}`;
      await patchChannel(shop, finance, 'epay-api', { settings: { apiBase: nobody } });
      expect(await testChannel('epay-api')).toMatchObject({ ok: false, detail: `epay order query (api.php): ${nobody} could not be reached (ECONNREFUSED)` });

      await patchChannel(shop, finance, 'epay-api', { settings: { apiBase: `${fake.baseUrl}/404` } });
      expect((await testChannel('epay-api')).detail).toBe(`epay order query (api.php): ${fake.baseUrl} answered HTTP 404`);

      await patchChannel(shop, finance, 'epay-api', { settings: { apiBase: fake.baseUrl, timeoutMs: 300 } });
      fake.hang = true;
      expect(await testChannel('epay-api')).toMatchObject({ ok: false, detail: 'no answer from the aggregator within the channel timeout' });

      const audit = await shop.http().get('/admin/audit-log?action=payments.channel.test').set(bearer(finance));
      expect(JSON.stringify(audit.body)).not.toContain(merchant.key);
    });
  });

  describe('channel checks', () => {
    const channel = (over: Record<string, unknown>) => ({
      code: 'epay-x',
      provider: 'epay',
      displayName: 'x',
      currency: 'CNY',
      credentials: { pid: merchant.pid, key: merchant.key },
      settings: { apiBase: fake.baseUrl },
      ...over,
    });
    const create = (body: Record<string, unknown>) => shop.http().post('/admin/payments/channels').set(bearer(finance)).send(body);

    it('refuses bad credentials, settings and currencies, naming each problem', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ currency: 'USD' }, 'epay channels take CNY only'],
        [{ settings: {} }, 'settings.apiBase is required'],
        [{ settings: { apiBase: fake.baseUrl, mode: 'qr' } }, "settings.mode must be 'page' or 'api'"],
        [{ settings: { apiBase: fake.baseUrl, secret: 'x' } }, 'settings.secret is not a setting of the epay provider'],
        [{ credentials: { pid: merchant.pid } }, 'credentials.key must be the merchant key'],
        [{ credentials: { pid: merchant.pid, key: '' } }, 'credentials.key must be a non-empty string'],
        [{ credentials: { pid: 'p1', key: merchant.key } }, 'credentials.pid must be the merchant number'],
      ];
      for (const [over, problem] of cases) {
        const res = await create(channel(over));
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(problem);
      }
    });

    it('shows which credentials are set, never the key', async () => {
      const res = await create(channel({}));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ provider: 'epay', credentialsSet: ['key', 'pid'], callbackUrl: `${shop.baseUrl}/api/payments/callbacks/epay-x` });
      expect(JSON.stringify(res.body)).not.toContain(merchant.key);
    });
  });
});
