import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { NoPaymentChannelError, PaymentsFacade } from '../../src/modules/payments';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { attemptsOf, bearer, createChannel, eventually, outboxOf, patchChannel, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

describe('opening payments: routing, failover and breakers', () => {
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

  const open = (over: Parameters<typeof paymentInput>[0] = {}) => payments(shop, (p) => p.openPayment(paymentInput(over)));
  const health = async (code: string) => (await shop.http().get(`/admin/payments/channels/${code}/health`).set(bearer(finance))).body;

  it('opens on the enabled channel with the lowest priority, and on the preferred one when it can take it', async () => {
    const low = await createChannel(shop, finance, { code: 'low', priority: 1, feeBps: 60, feeFixedMinor: 10 });
    const high = await createChannel(shop, finance, { code: 'high', priority: 2 });
    await createChannel(shop, finance, { code: 'off', priority: 0, enabled: false });
    await createChannel(shop, finance, { code: 'usd', priority: 0, currency: 'USD' });
    await createChannel(shop, finance, { code: 'small', priority: 0, maxAmountMinor: 1000 });

    const first = await open();
    expect(first).toMatchObject({ channel: low.code, payUrl: `/api/payments/sandbox/pay/${first.paymentId}`, qrContent: null });
    const row = await paymentRow(shop, first.paymentId);
    expect(row).toMatchObject({ status: 'pending', channel: 'low', amount_minor: 1999, currency: 'CNY', fee_minor: 22 });
    expect(row.provider_ref).toMatch(/^sbx_/);

    expect((await open({ preferredChannel: high.code })).channel).toBe('high');
    expect((await open({ preferredChannel: 'off' })).channel).toBe('low');
    expect((await open({ preferredChannel: 'small' })).channel).toBe('low');
    expect((await open({ amountMinor: 500 })).channel).toBe('small');
    expect((await open({ currency: 'USD' })).channel).toBe('usd');

    const summaries = await payments(shop, (p) => p.paymentsOf(row.order_id as string));
    expect(summaries).toEqual([
      expect.objectContaining({ paymentId: first.paymentId, channel: 'low', status: 'pending', amountMinor: 1999, providerTxnId: null, succeededAt: null, refundedAmountMinor: 0 }),
    ]);
    expect(await payments(shop, (p) => p.availableChannels())).toEqual([
      { code: 'small', displayName: 'Sandbox small' },
      { code: 'usd', displayName: 'Sandbox usd' },
      { code: 'low', displayName: 'Sandbox low' },
      { code: 'high', displayName: 'Sandbox high' },
    ]);
  });

  it('fails over when the primary errors, opens its breaker, then closes it after the reset timeout', async () => {
    const breaker = { breakerMinRequests: 2, breakerErrorPercent: 50, breakerResetMs: 200 };
    await createChannel(shop, finance, { code: 'primary', priority: 1, settings: { ...breaker, failureRate: 1 } });
    await createChannel(shop, finance, { code: 'secondary', priority: 2 });

    expect((await open()).channel).toBe('secondary');
    expect((await open()).channel).toBe('secondary');
    expect((await health('primary')).breaker).toBe('open');
    // The merchant is told (notifications alerts on it): published once for this opening.
    await eventually(async () => (await outboxOf(shop, 'payments.channel.breaker-opened')).length === 1);
    expect((await outboxOf(shop, 'payments.channel.breaker-opened'))[0]).toMatchObject({ channel: 'primary', retryInMs: 200 });
    const third = await open();
    expect(third.channel).toBe('secondary');
    // The primary was not even called for the third payment: its breaker refused.
    expect((await attemptsOf(shop, 'primary')).map((a) => a.outcome)).toEqual(['failed', 'failed', 'rejected']);
    expect((await attemptsOf(shop, 'primary'))[2].payment_id).toBe(third.paymentId);

    // The provider recovers; editing its sandbox settings keeps the breaker's state.
    await patchChannel(shop, finance, 'primary', { settings: { failureRate: 0 } });
    expect((await health('primary')).breaker).toBe('open');
    await eventually(async () => (await health('primary')).breaker === 'half_open');
    expect((await open()).channel).toBe('primary');
    expect((await health('primary')).breaker).toBe('closed');
    expect((await open()).channel).toBe('primary');

    expect(await health('primary')).toMatchObject({ attempts: 4, succeeded: 2, failed: 2, timeouts: 0, rejectedByBreaker: 1, successRate: 0.5 });
    const secondary = await health('secondary');
    expect(secondary).toMatchObject({ attempts: 3, succeeded: 3, successRate: 1, breaker: 'closed' });
    expect(secondary.createLatencyMs.p50).toEqual(expect.any(Number));
    expect(secondary.createLatencyMs.p95).toEqual(expect.any(Number));
  });

  it('times out a hanging primary and opens on the next channel', async () => {
    await createChannel(shop, finance, { code: 'hangs', priority: 1, settings: { hang: true, timeoutMs: 300 } });
    await createChannel(shop, finance, { code: 'backup', priority: 2 });
    const started = Date.now();
    const opened = await open();
    expect(opened.channel).toBe('backup');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await attemptsOf(shop, 'hangs')).map((a) => a.outcome)).toEqual(['timeout']);
    // Nothing is left at the hanging channel's provider side.
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM payments.sandbox_transactions WHERE channel = 'hangs'`);
    expect(n).toBe(0);
    expect(await health('hangs')).toMatchObject({ attempts: 1, timeouts: 1, successRate: 0 });
  });

  it('answers 503 NoPaymentChannelError when no channel can take the payment, recording the failed attempts', async () => {
    await expect(open()).rejects.toBeInstanceOf(NoPaymentChannelError);
    await createChannel(shop, finance, { code: 'broken', settings: { failureRate: 1 } });
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoPaymentChannelError);
    expect(error).toMatchObject({ status: 503, code: 'no_payment_channel', details: { tried: [{ channel: 'broken', outcome: 'failed' }] } });
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM payments.payments`);
    expect(n).toBe(0);
  });

  it("joins the caller's transaction: a rollback leaves no payment, but the attempt is still counted", async () => {
    await createChannel(shop, finance, { code: 'joined' });
    const txHost = shop.app.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost);
    let paymentId = '';
    await expect(
      shop.app.get(ClsService).run(() =>
        txHost.withTransaction(async () => {
          paymentId = (await shop.app.get(PaymentsFacade).openPayment(paymentInput())).paymentId;
          throw new Error('the order failed later');
        }),
      ),
    ).rejects.toThrow('the order failed later');
    expect(await paymentRow(shop, paymentId)).toBeUndefined();
    expect(await attemptsOf(shop, 'joined')).toEqual([{ outcome: 'succeeded', payment_id: paymentId }]);
  });

  it('refuses a malformed request before trying any channel', async () => {
    await createChannel(shop, finance, { code: 'fine' });
    for (const bad of [{ amountMinor: 0 }, { amountMinor: 12.5 }, { currency: 'cny' }, { expiresAt: new Date(Date.now() - 1000) }, { orderId: 'x' }, { returnUrl: 'javascript:alert(1)' }]) {
      await expect(open(bad)).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
    }
    expect(await attemptsOf(shop, 'fine')).toEqual([]);
  });
});
