import { drainEvents } from '../support/drain-events';
import { createEpayChannel, newEpayMerchant } from '../support/fake-providers/epay-channels';
import { FakeEpayServer } from '../support/fake-providers/epay-server';
import { createListeningTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { attemptsOf, eventually, outboxOf, patchChannel, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

/**
 * Paying through epay against a fake 彩虹易支付 aggregator over real HTTP: the fake checks our
 * signatures and sends its signed notify to the shop's per-payment notify URL.
 */
describe('epay: opening and paying', () => {
  const merchant = newEpayMerchant();
  let shop: TestApp & { baseUrl: string };
  let fake: FakeEpayServer;
  let finance: string;

  beforeAll(async () => {
    fake = await FakeEpayServer.start(merchant);
    shop = await createListeningTestApp();
  });
  beforeEach(async () => {
    fake.reset();
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
    await createEpayChannel(shop, finance, { code: 'epay', merchant, settings: { apiBase: fake.baseUrl }, priority: 10 });
    await createEpayChannel(shop, finance, {
      code: 'epay-api',
      merchant,
      settings: { apiBase: `${fake.baseUrl}/`, mode: 'api', payType: 'wxpay', device: 'mobile' },
      priority: 20,
    });
  });
  afterAll(async () => {
    await shop.close();
    await fake.close();
  });

  const open = (over: Parameters<typeof paymentInput>[0] = {}) => payments(shop, (p) => p.openPayment(paymentInput(over)));
  const notifyUrlOf = (paymentId: string, channel = 'epay') => `${shop.baseUrl}/api/payments/callbacks/${channel}/${paymentId}`;
  const callbacks = async () => (await shop.dataSource.query(`SELECT * FROM payments.callbacks`)) as Array<Record<string, unknown>>;

  it('page mode: sends the buyer to submit.php, settles once on the notify and answers "success"', async () => {
    const opened = await open({ preferredChannel: 'epay', orderNo: '20261124-EPAYPAGE', subject: 'Steam 充值卡 × 1' });
    expect(opened.channel).toBe('epay');
    expect(opened.payUrl?.startsWith(`${fake.baseUrl}/submit.php?`)).toBe(true);
    // No server call in page mode: the aggregator has no trade number yet, the payment id stands in.
    expect((await paymentRow(shop, opened.paymentId)).provider_ref).toBe(opened.paymentId);
    expect(fake.trades.size).toBe(0);

    const page = await fetch(opened.payUrl as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('¥19.99');
    const trade = fake.trades.get(opened.paymentId);
    expect(trade).toMatchObject({
      via: 'submit.php',
      type: 'alipay',
      money: '19.99',
      name: 'Steam 充值卡 × 1 #20261124-EPAYPAGE',
      notifyUrl: notifyUrlOf(opened.paymentId),
      returnUrl: `${shop.baseUrl}/orders/20261124-EPAYPAGE`,
    });

    const ack = await fake.pay(opened.paymentId);
    expect(ack).toEqual({ status: 200, contentType: expect.stringMatching(/^text\/plain/), body: 'success' });
    await drainEvents(shop.app);
    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'callback', provider_txn_id: trade?.tradeNo });
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([
      expect.objectContaining({ paymentId: opened.paymentId, channel: 'epay', amountMinor: 1999, currency: 'CNY', source: 'callback', providerTxnId: trade?.tradeNo }),
    ]);

    // The aggregator repeats its notify until it reads "success": a repeat changes nothing.
    expect((await fake.pay(opened.paymentId))?.body).toBe('success');
    await drainEvents(shop.app);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
    expect(await callbacks()).toHaveLength(1);
  });

  it('page mode: the aggregator refuses a page URL changed after we signed it', async () => {
    const opened = await open({ preferredChannel: 'epay' });
    const tampered = new URL(opened.payUrl as string);
    tampered.searchParams.set('money', '0.01');
    expect(await (await fetch(tampered)).text()).toContain('签名校验失败');
    expect(fake.trades.size).toBe(0);
  });

  it('api mode: opens the order with mapi.php (signed, with the buyer IP and device) and settles on a POSTed notify', async () => {
    const opened = await open({ preferredChannel: 'epay-api', clientIp: '::ffff:203.0.113.7' });
    expect(opened.channel).toBe('epay-api');
    const [mapi] = fake.requestsTo('mapi.php');
    expect(mapi.method).toBe('POST');
    expect(mapi.fields).toMatchObject({ pid: merchant.pid, type: 'wxpay', device: 'mobile', clientip: '203.0.113.7', money: '19.99', sign_type: 'MD5' });
    expect(mapi.fields.notify_url).toBe(notifyUrlOf(opened.paymentId, 'epay-api'));
    const trade = fake.trades.get(opened.paymentId);
    expect(trade?.via).toBe('mapi.php');
    expect(opened).toMatchObject({ payUrl: null, qrContent: `weixin://wxpay/bizpayurl?pr=${trade?.tradeNo}` });
    expect((await paymentRow(shop, opened.paymentId)).provider_ref).toBe(trade?.tradeNo);

    expect(await fake.pay(opened.paymentId, { method: 'POST' })).toMatchObject({ status: 200, body: 'success' });
    await drainEvents(shop.app);
    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', provider_txn_id: trade?.tradeNo });
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([expect.objectContaining({ paymentId: opened.paymentId, channel: 'epay-api' })]);

    // Alipay through mapi answers a cashier URL instead of a QR code.
    await patchChannel(shop, finance, 'epay-api', { settings: { payType: 'alipay' } });
    const alipay = await open({ preferredChannel: 'epay-api' });
    const alipayTrade = fake.trades.get(alipay.paymentId);
    expect(alipay).toMatchObject({ payUrl: `${fake.baseUrl}/pay/${alipayTrade?.tradeNo}`, qrContent: null });
    expect(await (await fetch(alipay.payUrl as string)).text()).toContain('¥19.99');
  });

  it('api mode: a refused mapi call fails over to the next channel, and the recorded error holds no key', async () => {
    await patchChannel(shop, finance, 'epay-api', { priority: 1, credentials: { pid: merchant.pid, key: 'a-wrong-merchant-key' } });
    const opened = await open();
    expect(opened.channel).toBe('epay');
    const [failed] = await shop.dataSource.query(`SELECT outcome, error FROM payments.channel_attempts WHERE channel = 'epay-api'`);
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toBe('epay create (mapi.php): the aggregator refused: 签名校验失败！');
    expect(fake.trades.has(opened.paymentId)).toBe(false);
  });

  it('api mode: a hanging aggregator is abandoned at the channel timeout (the request is cancelled)', async () => {
    await patchChannel(shop, finance, 'epay-api', { priority: 1, settings: { timeoutMs: 300 } });
    fake.hang = true;
    const opened = await open();
    expect(opened.channel).toBe('epay');
    expect((await attemptsOf(shop, 'epay-api')).map((a) => a.outcome)).toEqual(['timeout']);
    await eventually(async () => fake.abandoned === 1);
  });

  describe('notifies that change nothing', () => {
    it('refuses a forged, tampered, replayed or foreign notify with 400, acknowledges an unknown status', async () => {
      const a = await open({ preferredChannel: 'epay' });
      const b = await open({ preferredChannel: 'epay' });
      for (const opened of [a, b]) await fetch(opened.payUrl as string);
      const before = [await paymentRow(shop, a.paymentId), await paymentRow(shop, b.paymentId)];
      await createEpayChannel(shop, finance, { code: 'epay-other', merchant: newEpayMerchant('1002'), settings: { apiBase: fake.baseUrl } });

      const refused = [
        await fake.pay(a.paymentId, { key: newEpayMerchant().key }),
        await fake.pay(a.paymentId, { tampered: { money: '0.01' } }),
        await fake.pay(a.paymentId, { tampered: { sign: 'f'.repeat(32) } }),
        // A genuine notify for a, replayed at b's notify URL, or at the bare channel URL.
        await fake.pay(a.paymentId, { url: notifyUrlOf(b.paymentId) }),
        await fake.pay(a.paymentId, { url: `${shop.baseUrl}/api/payments/callbacks/epay` }),
        // Signed with our key but for another merchant number.
        await fake.pay(a.paymentId, { signed: { pid: '1002' } }),
        // Sent to a channel of another merchant.
        await fake.pay(a.paymentId, { url: notifyUrlOf(a.paymentId, 'epay-other') }),
      ];
      expect(refused.map((r) => r?.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
      expect(refused.every((r) => !r?.body.includes('success'))).toBe(true);

      const closed = await fake.pay(a.paymentId, { signed: { trade_status: 'TRADE_CLOSED' } });
      expect(closed).toMatchObject({ status: 200, body: 'success' });

      await drainEvents(shop.app);
      expect([await paymentRow(shop, a.paymentId), await paymentRow(shop, b.paymentId)]).toEqual(before);
      expect(await callbacks()).toEqual([]);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
    });

    it('records a genuine notify for another amount as a mismatch and pays nothing', async () => {
      const opened = await open({ preferredChannel: 'epay' });
      await fetch(opened.payUrl as string);
      expect((await fake.pay(opened.paymentId, { signed: { money: '0.01' } }))?.body).toBe('success');
      await drainEvents(shop.app);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending', provider_txn_id: null });
      expect((await callbacks()).map((c) => [c.state, Number(c.amount_minor)])).toEqual([['mismatch', 1]]);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
    });
  });
});
