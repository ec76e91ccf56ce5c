import { drainEvents } from '../support/drain-events';
import { createAlipayChannel } from '../support/fake-providers/alipay-channel';
import { FakeAlipay, type FakeNotifyOptions, type NotifyDelivery } from '../support/fake-providers/alipay-server';
import { createListeningTestApp, resetPlatformTables, type TestApp } from '../support/test-app';
import { outboxOf, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

describe('Alipay notifications that must change nothing', () => {
  let shop: TestApp & { baseUrl: string };
  let fake: FakeAlipay;

  beforeAll(async () => {
    shop = await createListeningTestApp();
    fake = await FakeAlipay.start();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    await createAlipayChannel(shop, await shop.adminToken('finance'), fake);
  });
  afterAll(async () => {
    await fake.stop();
    await shop.close();
  });

  const open = () => payments(shop, (p) => p.openPayment(paymentInput()));
  const callbacks = async () => (await shop.dataSource.query(`SELECT * FROM payments.callbacks`)) as Array<Record<string, unknown>>;
  const notifyUrlOf = (paymentId: string) => `${shop.baseUrl}/api/payments/callbacks/alipay/${paymentId}`;
  /** The buyer pays at Alipay, and Alipay's notification (as altered by `options`) reaches the shop. */
  const paid = async (paymentId: string, options: FakeNotifyOptions) => (await fake.pay(paymentId, options)) as NotifyDelivery;

  /** Sends the notification, lets the workers run, and checks the shop is exactly as before. */
  async function expectNothingChanged(paymentIds: string[], send: () => Promise<{ status: number; body: string }>, answer: { status: number; body?: string }) {
    const before = await Promise.all(paymentIds.map((id) => paymentRow(shop, id)));
    const delivery = await send();
    expect(delivery.status).toBe(answer.status);
    if (answer.body !== undefined) expect(delivery.body).toBe(answer.body);
    await drainEvents(shop.app);
    expect(await Promise.all(paymentIds.map((id) => paymentRow(shop, id)))).toEqual(before);
    expect(before.every((row) => row.status === 'pending')).toBe(true);
    expect(await callbacks()).toEqual([]);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
  }

  const refusedWith400 = { status: 400 };

  it('refuses a notification signed with a key that is not Alipay’s, or not signed at all', async () => {
    const opened = await open();
    await expectNothingChanged([opened.paymentId], () => paid(opened.paymentId, { signature: 'forged' }), refusedWith400);
    await expectNothingChanged([opened.paymentId], () => fake.notify(opened.paymentId, { signature: 'none' }), refusedWith400);
  });

  it('refuses a genuine notification whose amount was changed on the way; the untouched one settles', async () => {
    const opened = await open();
    await expectNothingChanged([opened.paymentId], () => paid(opened.paymentId, { tamper: { total_amount: '0.01' } }), refusedWith400);
    const allAmounts = { total_amount: '0.01', receipt_amount: '0.01', buyer_pay_amount: '0.01', invoice_amount: '0.01' };
    await expectNothingChanged([opened.paymentId], () => fake.notify(opened.paymentId, { tamper: allAmounts }), refusedWith400);

    expect(await fake.notify(opened.paymentId)).toMatchObject({ status: 200, body: 'success' });
    await drainEvents(shop.app);
    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', provider_txn_id: fake.trade(opened.paymentId)!.tradeNo });
  });

  it("refuses a genuine notification replayed to another payment's notify URL", async () => {
    const first = await open();
    const other = await open();
    await expectNothingChanged([first.paymentId, other.paymentId], () => paid(first.paymentId, { url: notifyUrlOf(other.paymentId) }), refusedWith400);

    // At its own notify URL the same notification settles its own payment only.
    expect(await fake.notify(first.paymentId)).toMatchObject({ url: notifyUrlOf(first.paymentId), status: 200, body: 'success' });
    await drainEvents(shop.app);
    expect(await paymentRow(shop, first.paymentId)).toMatchObject({ status: 'succeeded' });
    expect(await paymentRow(shop, other.paymentId)).toMatchObject({ status: 'pending' });
  });

  it('refuses a signed notification with a status Alipay does not have, or from another app', async () => {
    const opened = await open();
    fake.scan(opened.paymentId);
    await expectNothingChanged([opened.paymentId], () => fake.notify(opened.paymentId, { status: 'TRADE_PAID' }), refusedWith400);
    await expectNothingChanged(
      [opened.paymentId],
      () => fake.notify(opened.paymentId, { status: 'TRADE_SUCCESS', fields: { app_id: '2021000000000999', auth_app_id: '2021000000000999' } }),
      refusedWith400,
    );
  });

  it('acknowledges a waiting or closed trade, and a refund notice, with "success" and stores nothing', async () => {
    const opened = await open();
    fake.scan(opened.paymentId);
    const success = { status: 200, body: 'success' };
    await expectNothingChanged([opened.paymentId], () => fake.notify(opened.paymentId, { status: 'WAIT_BUYER_PAY' }), success);
    await expectNothingChanged([opened.paymentId], () => fake.notify(opened.paymentId, { status: 'TRADE_CLOSED' }), success);
    const refundNotice = { status: 'TRADE_SUCCESS', fields: { refund_fee: '5.00', gmt_refund: '2026-11-24 20:10:00.123', out_biz_no: 'R1' } };
    await expectNothingChanged([opened.paymentId], () => fake.notify(opened.paymentId, refundNotice), success);
  });

  it('refuses what is not a signed form POST', async () => {
    const opened = await open();
    const url = `/api/payments/callbacks/alipay/${opened.paymentId}`;
    const asJson = () => shop.http().post(url).set('content-type', 'application/json').send({ trade_status: 'TRADE_SUCCESS', out_trade_no: opened.paymentId });
    await expectNothingChanged([opened.paymentId], async () => {
      const res = await asJson();
      return { status: res.status, body: res.text };
    }, refusedWith400);
    await expectNothingChanged([opened.paymentId], async () => {
      const res = await shop.http().get(`${url}?trade_status=TRADE_SUCCESS&out_trade_no=${opened.paymentId}`);
      return { status: res.status, body: res.text };
    }, refusedWith400);
  });

  it('records a genuine notification for another amount as a mismatch and pays nothing', async () => {
    const opened = await open();
    const delivery = await fake.pay(opened.paymentId, { amount: '0.01' });
    expect(delivery).toMatchObject({ status: 200, body: 'success' });
    await drainEvents(shop.app);
    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending', provider_txn_id: null });
    expect((await callbacks()).map((c) => [c.state, Number(c.amount_minor)])).toEqual([['mismatch', 1]]);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
  });
});
