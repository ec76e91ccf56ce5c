import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { AlipayProvider } from '../../src/modules/payments/providers/alipay/alipay.provider';
import { FixedClock } from '../../src/platform/clock/clock';
import { drainEvents } from '../support/drain-events';
import { alipayProviderChannel, createAlipayChannel } from '../support/fake-providers/alipay-channel';
import { FakeAlipay } from '../support/fake-providers/alipay-server';
import { beijingTime } from '../support/fake-providers/alipay-signing';
import { createListeningTestApp, resetPlatformTables, type TestApp } from '../support/test-app';
import { attemptsOf, bearer, outboxOf, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

describe('Alipay channel against a fake Alipay gateway', () => {
  const clock = new FixedClock();
  let shop: TestApp & { baseUrl: string };
  let fake: FakeAlipay;
  let finance: string;

  beforeAll(async () => {
    shop = await createListeningTestApp({ clock });
    fake = await FakeAlipay.start();
  });
  beforeEach(async () => {
    clock.set(new Date());
    fake.answerMode = 'signed';
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
    await createAlipayChannel(shop, finance, fake);
  });
  afterAll(async () => {
    await fake.stop();
    await shop.close();
  });

  const inMinutes = (m: number) => new Date(clock.now().getTime() + m * 60_000);
  const open = (over: Parameters<typeof paymentInput>[0] = {}) =>
    payments(shop, (p) => p.openPayment(paymentInput({ expiresAt: inMinutes(15), ...over })));
  const notifyUrlOf = (paymentId: string, channel = 'alipay') => `${shop.baseUrl}/api/payments/callbacks/${channel}/${paymentId}`;
  const provider = () => shop.app.get(AlipayProvider);

  describe('channel administration', () => {
    it('checks credentials, settings and currency, naming fields and never echoing a key', async () => {
      const channel = { code: 'alipay-2', provider: 'alipay', displayName: 'Alipay', currency: 'CNY', credentials: fake.credentials, settings: { gateway: fake.gateway } };
      const post = (over: Record<string, unknown>) => shop.http().post('/admin/payments/channels').set(bearer(finance)).send({ ...channel, ...over });
      const badKey = await post({ credentials: { ...fake.credentials, privateKey: 'MIIEowIBAAKCAQEAnot-a-key' } });
      expect(badKey.status).toBe(400);
      expect(JSON.stringify(badKey.body)).toContain('credentials.privateKey');
      expect(JSON.stringify(badKey.body)).not.toContain('not-a-key');
      const swapped = await post({ credentials: { ...fake.credentials, alipayPublicKey: fake.credentials.privateKey } });
      expect(swapped.status).toBe(400);
      expect(JSON.stringify(swapped.body)).not.toContain(fake.credentials.privateKey.slice(0, 40));
      expect((await post({ currency: 'USD' })).body.error.details[0].problems).toEqual(['Alipay channels take CNY only, not USD']);
      expect((await post({ settings: { gateway: 'http://openapi.alipay.com/gateway.do', mode: 'app' } })).status).toBe(400);

      const created = await post({ settings: { gateway: fake.gateway, mode: 'page', timeoutMs: 3000 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        provider: 'alipay',
        credentialsSet: ['alipayPublicKey', 'appId', 'privateKey'],
        callbackUrl: `${shop.baseUrl}/api/payments/callbacks/alipay-2`,
      });
      expect(JSON.stringify(created.body)).not.toContain(fake.credentials.privateKey.slice(0, 40));
    });

    it('"test this channel" queries a made-up trade and reads what the gateway says', async () => {
      const test = async () => (await shop.http().post('/admin/payments/channels/alipay/test').set(bearer(finance))).body;
      const useCredentials = async (credentials: Record<string, string>) =>
        expect((await shop.http().patch('/admin/payments/channels/alipay').set(bearer(finance)).send({ credentials })).status).toBe(200);
      const calls = fake.calls.length;
      expect(await test()).toMatchObject({ channel: 'alipay', ok: true, detail: expect.stringContaining('credentials and signature accepted') });
      expect(fake.calls.slice(calls)).toEqual([expect.objectContaining({ method: 'alipay.trade.query', signatureValid: true })]);

      const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = (key: 'privateKey' | 'publicKey') => keys[key].export({ type: key === 'privateKey' ? 'pkcs8' : 'spki', format: 'pem' }) as string;
      await useCredentials({ ...fake.credentials, appId: '2021000000000999' });
      // The gateway cannot sign for an app it does not know: its unsigned answer is reported, never trusted.
      expect(await test()).toMatchObject({
        ok: false,
        detail: "alipay: alipay.trade.query: the gateway's answer is not signed, so not trusted (it reads 40002 isv.invalid-app-id: 无效的AppID参数)",
      });
      await useCredentials({ ...fake.credentials, privateKey: pem('privateKey') });
      expect(await test()).toMatchObject({ ok: false, detail: 'alipay.trade.query of a made-up trade answered 40002 isv.invalid-signature: 验签出错' });
      await useCredentials({ ...fake.credentials, alipayPublicKey: pem('publicKey') });
      const wrongAlipayKey = await test();
      expect(wrongAlipayKey).toMatchObject({ ok: false, detail: "alipay: alipay.trade.query: the answer's signature does not verify with alipayPublicKey" });

      await useCredentials(fake.credentials);
      await shop.http().patch('/admin/payments/channels/alipay').set(bearer(finance)).send({ settings: { gateway: 'http://127.0.0.1:9/gateway.do' } });
      expect(await test()).toMatchObject({ ok: false, detail: expect.stringMatching(/^alipay: alipay.trade.query: no answer from the gateway/) });
    });
  });

  describe('paying', () => {
    it('opens a QR payment with a signed precreate and settles it from the signed notification', async () => {
      const opened = await open({ amountMinor: 1999, orderNo: '20261124-ALIQR001', subject: 'Game card × 1' });
      expect(opened).toMatchObject({ channel: 'alipay', payUrl: null, qrContent: expect.stringMatching(/^https:\/\/qr\.alipay\.com\/bax0/) });
      const call = fake.calls.at(-1)!;
      expect(call).toMatchObject({
        method: 'alipay.trade.precreate',
        signatureValid: true,
        params: { app_id: fake.appId, sign_type: 'RSA2', notify_url: notifyUrlOf(opened.paymentId) },
      });
      expect(call.bizContent).toEqual({
        out_trade_no: opened.paymentId,
        total_amount: '19.99',
        subject: 'Game card × 1 (20261124-ALIQR001)',
        product_code: 'FACE_TO_FACE_PAYMENT',
        timeout_express: '15m',
      });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending', provider_ref: opened.paymentId });

      const delivery = await fake.pay(opened.paymentId);
      expect(delivery).toMatchObject({ url: notifyUrlOf(opened.paymentId), status: 200, body: 'success' });
      await drainEvents(shop.app);
      const tradeNo = fake.trade(opened.paymentId)!.tradeNo;
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'callback', provider_txn_id: tradeNo });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([
        expect.objectContaining({
          paymentId: opened.paymentId,
          channel: 'alipay',
          providerTxnId: tradeNo,
          amountMinor: 1999,
          currency: 'CNY',
          source: 'callback',
        }),
      ]);

      // Alipay resends until it reads "success": a repeat changes nothing.
      expect(await fake.notify(opened.paymentId)).toMatchObject({ status: 200, body: 'success' });
      await drainEvents(shop.app);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
    });

    it("opens a page payment: a signed cashier URL that Alipay's gateway accepts, then settles it", async () => {
      await createAlipayChannel(shop, finance, fake, { code: 'alipay-page', settings: { mode: 'page' } });
      const calls = fake.calls.length;
      const opened = await open({
        preferredChannel: 'alipay-page',
        amountMinor: 12_345,
        orderNo: '20261124-ALIPG001',
        subject: 'Steam 100/200',
        returnUrl: 'https://shop.example/o/1',
      });
      expect(opened).toMatchObject({ channel: 'alipay-page', qrContent: null });
      expect(opened.payUrl!.startsWith(`${fake.gateway}?`)).toBe(true);
      expect(fake.calls.length).toBe(calls);

      // A buyer who edits the amount in the URL meets Alipay's signature check.
      const edited = new URL(opened.payUrl!);
      edited.searchParams.set('biz_content', edited.searchParams.get('biz_content')!.replace('123.45', '1.00'));
      expect((await fetch(edited)).status).toBe(400);
      expect(fake.calls.at(-1)).toMatchObject({ method: 'alipay.trade.page.pay', signatureValid: false });

      const cashier = await fetch(opened.payUrl!);
      expect(cashier.status).toBe(200);
      const page = await cashier.text();
      expect(page).toContain('123.45');
      expect(page).toContain('Steam 100 200 (20261124-ALIPG001)');
      expect(fake.calls.at(-1)).toMatchObject({ method: 'alipay.trade.page.pay', signatureValid: true });
      // The same signed fields submitted as a form POST, the other way a cashier request reaches Alipay.
      expect((await fetch(fake.gateway, { method: 'POST', body: new URL(opened.payUrl!).searchParams })).status).toBe(200);
      expect(fake.calls.at(-1)).toMatchObject({ method: 'alipay.trade.page.pay', signatureValid: true });
      expect(fake.trade(opened.paymentId)).toMatchObject({
        productCode: 'FAST_INSTANT_TRADE_PAY',
        totalAmount: '123.45',
        notifyUrl: notifyUrlOf(opened.paymentId, 'alipay-page'),
        returnUrl: 'https://shop.example/o/1',
        timeExpire: beijingTime(new Date(opened.expiresAt)),
      });

      expect(await fake.pay(opened.paymentId)).toMatchObject({ status: 200, body: 'success' });
      await drainEvents(shop.app);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', channel: 'alipay-page' });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([expect.objectContaining({ paymentId: opened.paymentId, amountMinor: 12_345 })]);
    });

    it('trusts only what Alipay signed, and stops waiting for a gateway that does not answer', async () => {
      fake.answerMode = 'wrong-signature';
      await expect(open()).rejects.toMatchObject({ code: 'no_payment_channel' });
      expect(await attemptsOf(shop, 'alipay')).toEqual([expect.objectContaining({ outcome: 'failed' })]);
      const paymentId = randomUUID();
      const create = (signal: AbortSignal) =>
        provider().createPayment({
          channel: alipayProviderChannel(fake),
          paymentId,
          orderNo: '20261124-ALIDIRECT',
          amountMinor: 100,
          currency: 'CNY',
          subject: 'Game card',
          expiresAt: inMinutes(15),
          notifyUrl: notifyUrlOf(paymentId),
          returnUrl: 'https://shop.example/',
          signal,
        });
      await expect(create(new AbortController().signal)).rejects.toThrow(
        new Error("alipay: alipay.trade.precreate: the answer's signature does not verify with alipayPublicKey"),
      );

      // A signed "waiting" answer with a forged "paid" node after it: the forged one must not be read.
      fake.answerMode = 'signed';
      const { paymentId: waiting } = await open();
      fake.scan(waiting);
      const query = () => provider().queryPayment({ channel: alipayProviderChannel(fake), paymentId: waiting, providerRef: waiting, signal: AbortSignal.timeout(5000) });
      expect(await query()).toEqual({ status: 'pending' });
      fake.answerMode = 'smuggled-node';
      await expect(query()).rejects.toThrow(
        new Error("alipay: alipay.trade.query: the answer's signature does not verify with alipayPublicKey"),
      );

      fake.answerMode = 'silent';
      const started = Date.now();
      await expect(create(AbortSignal.timeout(200))).rejects.toThrow(new Error('alipay: alipay.trade.precreate abandoned (the caller stopped waiting)'));
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('reconciliation', () => {
    const reconcile = async () => (await shop.http().post('/admin/payments/reconcile').set(bearer(finance))).body;

    it('settles a payment whose notification was lost, fails a closed trade and leaves a waiting one', async () => {
      const lost = await open();
      const closed = await open();
      const waiting = await open();
      expect(await fake.pay(lost.paymentId, { deliver: false })).toBeNull();
      fake.close(closed.paymentId);
      fake.scan(waiting.paymentId);

      clock.advance(3 * 60_000);
      expect(await reconcile()).toMatchObject({ checked: 3, settled: 1, failed: 1, expired: 0, errors: 0 });
      const tradeNo = fake.trade(lost.paymentId)!.tradeNo;
      expect(await paymentRow(shop, lost.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'reconciliation', provider_txn_id: tradeNo });
      expect(await paymentRow(shop, closed.paymentId)).toMatchObject({ status: 'failed' });
      expect(await paymentRow(shop, waiting.paymentId)).toMatchObject({ status: 'pending' });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([
        expect.objectContaining({ paymentId: lost.paymentId, source: 'reconciliation', amountMinor: 1999, providerTxnId: tradeNo }),
      ]);
      const queries = fake.calls.filter((c) => c.method === 'alipay.trade.query').slice(-3);
      expect(queries.every((c) => c.signatureValid)).toBe(true);
    });

    it('expires a payment Alipay never saw once its window has passed', async () => {
      const unseen = await open({ expiresAt: inMinutes(5) });
      clock.advance(6 * 60_000);
      expect(await reconcile()).toMatchObject({ checked: 1, expired: 1, errors: 0 });
      expect(await paymentRow(shop, unseen.paymentId)).toMatchObject({ status: 'expired' });
    });
  });

  describe('refunds', () => {
    it('refunds through alipay.trade.refund with a stable request number, in parts', async () => {
      const opened = await open({ amountMinor: 1000 });
      await fake.pay(opened.paymentId);
      await drainEvents(shop.app);
      const tradeNo = fake.trade(opened.paymentId)!.tradeNo;

      const part = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, amountMinor: 300, reason: 'one key was faulty' }));
      expect(part).toEqual({ paymentId: opened.paymentId, outcome: 'refunded', amountMinor: 300 });
      expect(fake.calls.at(-1)).toMatchObject({
        method: 'alipay.trade.refund',
        signatureValid: true,
        bizContent: { out_trade_no: opened.paymentId, out_request_no: `${opened.paymentId}-r1`, refund_amount: '3.00', refund_reason: 'one key was faulty' },
      });
      const rest = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, reason: 'order cancelled' }));
      expect(rest).toEqual({ paymentId: opened.paymentId, outcome: 'refunded', amountMinor: 700 });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'refunded', refunded_amount_minor: 1000 });
      const [r1, r2] = [`${opened.paymentId}-r1`, `${opened.paymentId}-r2`];
      expect(fake.trade(opened.paymentId)).toMatchObject({ status: 'TRADE_CLOSED', refunds: new Map([[r1, 300], [r2, 700]]) });
      const rows = await shop.dataSource.query(`SELECT provider_refund_id FROM payments.refunds WHERE payment_id = $1 ORDER BY request_no`, [opened.paymentId]);
      expect(rows.map((r: { provider_refund_id: string }) => r.provider_refund_id)).toEqual([`${tradeNo}/${r1}`, `${tradeNo}/${r2}`]);
      expect(await outboxOf(shop, 'payments.payment.refunded')).toEqual([
        expect.objectContaining({ paymentId: opened.paymentId, amountMinor: 300, outcome: 'refunded' }),
        expect.objectContaining({ paymentId: opened.paymentId, amountMinor: 700, outcome: 'refunded' }),
      ]);
    });

    it('confirms a retried request through the refund query, and reports a refusal by its sub_code', async () => {
      const opened = await open({ amountMinor: 1000 });
      await fake.pay(opened.paymentId);
      await drainEvents(shop.app);
      const tradeNo = fake.trade(opened.paymentId)!.tradeNo;
      const refund = (requestId: string, amountMinor: number) =>
        provider().refund({
          signal: AbortSignal.timeout(5000),
          channel: alipayProviderChannel(fake),
          paymentId: opened.paymentId,
          providerRef: opened.paymentId,
          providerTxnId: tradeNo,
          amountMinor,
          currency: 'CNY',
          reason: 'retry',
          requestId,
        });
      const first = await refund(`${opened.paymentId}-r1`, 400);
      const again = await refund(`${opened.paymentId}-r1`, 400);
      expect(again).toEqual(first);
      expect(first).toEqual({ outcome: 'refunded', providerRefundId: `${tradeNo}/${opened.paymentId}-r1` });
      expect(fake.calls.slice(-2).map((c) => c.method)).toEqual(['alipay.trade.refund', 'alipay.trade.fastpay.refund.query']);
      expect(fake.trade(opened.paymentId)!.refunds).toEqual(new Map([[`${opened.paymentId}-r1`, 400]]));

      const tooMuch = await refund(`${opened.paymentId}-r2`, 601).catch((e: Error) => e.message);
      expect(tooMuch).toBe('alipay: alipay.trade.refund refused: 40004 ACQ.REFUND_AMT_NOT_EQUAL_TOTAL: 退款金额超限');
    });
  });
});
