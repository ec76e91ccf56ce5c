import { drainEvents } from '../support/drain-events';
import { createAlipayChannel } from '../support/fake-providers/alipay-channel';
import { FakeAlipay } from '../support/fake-providers/alipay-server';
import { createEpayChannel, newEpayMerchant } from '../support/fake-providers/epay-channels';
import { FakeEpayServer } from '../support/fake-providers/epay-server';
import { createListeningTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { attemptsOf, eventually, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

/**
 * Failover across real providers, exactly as with the sandbox: epay first by priority, Alipay
 * next. While the epay aggregator hangs, payments open on Alipay (and are paid and settled there);
 * once epay's breaker is open it is skipped without a call, and it comes back when it answers again.
 */
describe('failover between real channels (epay → Alipay)', () => {
  const merchant = newEpayMerchant();
  let epay: FakeEpayServer;
  let alipay: FakeAlipay;
  let shop: TestApp & { baseUrl: string };

  beforeAll(async () => {
    epay = await FakeEpayServer.start(merchant);
    alipay = await FakeAlipay.start();
    shop = await createListeningTestApp();
  });
  beforeEach(async () => {
    epay.reset();
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    const finance = await shop.adminToken('finance');
    await createEpayChannel(shop, finance, {
      code: 'epay',
      merchant,
      priority: 10,
      // api mode: opening a payment is a call to the aggregator, which can hang.
      settings: { apiBase: epay.baseUrl, mode: 'api', timeoutMs: 300, breakerMinRequests: 2, breakerErrorPercent: 50, breakerResetMs: 1500 },
    });
    await createAlipayChannel(shop, finance, alipay, { code: 'alipay', priority: 20 });
  });
  afterAll(async () => {
    await shop.close();
    await epay.close();
    await alipay.stop();
  });

  const open = () => payments(shop, (p) => p.openPayment(paymentInput({ amountMinor: 1999 })));

  it('opens on Alipay while epay hangs, settles the Alipay payment, skips epay once its breaker opens, and uses epay again when it is back', async () => {
    expect((await open()).channel).toBe('epay');

    epay.hang = true;
    const first = await open();
    const second = await open();
    expect([first.channel, second.channel]).toEqual(['alipay', 'alipay']);
    expect((await attemptsOf(shop, 'epay')).map((a) => a.outcome)).toEqual(['succeeded', 'timeout', 'timeout']);

    // The breaker is open now: epay is not even called.
    const third = await open();
    expect(third.channel).toBe('alipay');
    expect((await attemptsOf(shop, 'epay')).map((a) => a.outcome).at(-1)).toBe('rejected');

    // The buyer pays on Alipay: the signed notify settles the payment as on any channel.
    await alipay.pay(third.paymentId);
    await drainEvents(shop.app);
    expect(await paymentRow(shop, third.paymentId)).toMatchObject({ status: 'succeeded', channel: 'alipay' });

    // epay answers again: after breakerResetMs a probe goes through and epay is first again.
    epay.hang = false;
    await eventually(async () => (await open()).channel === 'epay', 5000);
  });
});
