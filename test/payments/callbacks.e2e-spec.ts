import { randomUUID } from 'node:crypto';
import type { SandboxNotification } from '../../src/modules/payments/domain/sandbox-notification';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import {
  bearer,
  createChannel,
  newSecret,
  outboxOf,
  paymentInput,
  paymentRow,
  payments,
  postCallback,
  resetPayments,
  signedCallback,
} from './payments-helpers';

describe('provider callbacks and the sandbox pay page', () => {
  let shop: TestApp;
  let finance: string;
  let channel: { code: string; secret: string };

  beforeAll(async () => {
    shop = await createTestApp();
    // A listening server: the sandbox sends its callbacks to it over real HTTP.
    await shop.app.listen(0, '127.0.0.1');
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
    channel = await createChannel(shop, finance, { code: 'sandbox' });
  });
  afterAll(() => shop.close());

  const open = (over: Parameters<typeof paymentInput>[0] = {}) => payments(shop, (p) => p.openPayment(paymentInput(over)));
  const notification = async (paymentId: string, over: Partial<SandboxNotification> = {}): Promise<SandboxNotification> => {
    const row = await paymentRow(shop, paymentId);
    return {
      paymentId,
      providerTxnId: `SBXT-${randomUUID().slice(0, 8)}`,
      providerRef: row.provider_ref,
      amountMinor: Number(row.amount_minor),
      currency: row.currency as string,
      status: 'succeeded',
      ...over,
    };
  };
  const callbacks = async () => (await shop.dataSource.query(`SELECT * FROM payments.callbacks ORDER BY received_at`)) as Array<Record<string, unknown>>;

  it('settles a payment once when the same signed callback arrives 10 times at once', async () => {
    const opened = await open();
    const cb = signedCallback(channel.secret, await notification(opened.paymentId));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postCallback(shop, 'sandbox', cb)));
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true });
    }
    expect(await callbacks()).toHaveLength(1);
    await drainEvents(shop.app);

    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'callback' });
    const events = await outboxOf(shop, 'payments.payment.succeeded');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ paymentId: opened.paymentId, channel: 'sandbox', amountMinor: 1999, currency: 'CNY', source: 'callback' });
    expect((await callbacks())[0]).toMatchObject({ state: 'settled' });

    // A late repeat is acknowledged and changes nothing.
    expect((await postCallback(shop, 'sandbox', cb)).status).toBe(200);
    await drainEvents(shop.app);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
  });

  it('refuses forged or malformed callbacks with 400 and stores nothing', async () => {
    const opened = await open();
    const n = await notification(opened.paymentId);
    const genuine = signedCallback(channel.secret, n);
    const tampered = { ...genuine, body: signedCallback(channel.secret, { ...n, amountMinor: 1 }).body };
    const stale = signedCallback(channel.secret, n, 'form', new Date(Date.now() - 10 * 60_000));
    const forged = signedCallback(newSecret(), n);
    const unsigned = { body: genuine.body, headers: { 'content-type': genuine.headers['content-type'] } };
    const garbled = signedCallback(channel.secret, n);
    garbled.headers['x-sandbox-signature'] = 'v1=nothex';
    const attempts = [forged, tampered, stale, unsigned, garbled];
    for (const cb of attempts) {
      const res = await postCallback(shop, 'sandbox', cb as never);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_callback');
    }
    // Signed, but not a notification the sandbox would send.
    const text = await shop
      .http()
      .post('/api/payments/callbacks/sandbox')
      .set('Content-Type', 'text/plain')
      .set('x-sandbox-signature', signedCallback(channel.secret, n).headers['x-sandbox-signature'])
      .send('payment_id=1');
    expect(text.status).toBe(400);
    const unknownChannel = await postCallback(shop, 'nope', genuine);
    expect(unknownChannel.status).toBe(404);
    const badChannel = await postCallback(shop, 'NOT A CODE', genuine);
    expect(badChannel.status).toBe(400);

    expect(await callbacks()).toEqual([]);
    await drainEvents(shop.app);
    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending' });
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
  });

  it('verifies a signed text/plain body read by the callback route itself', async () => {
    const opened = await open();
    const n = await notification(opened.paymentId);
    const cb = signedCallback(channel.secret, n);
    const res = await postCallback(shop, 'sandbox', { body: cb.body, headers: { ...cb.headers, 'content-type': 'text/plain' } });
    // The signature holds over the raw bytes; the sandbox then refuses the media type.
    expect(res.status).toBe(400);
    expect(await callbacks()).toEqual([]);
  });

  it('never settles a payment for a different amount, currency or channel', async () => {
    const opened = await open();
    const other = await createChannel(shop, finance, { code: 'other', priority: 500 });
    const cases = [
      postCallback(shop, 'sandbox', signedCallback(channel.secret, await notification(opened.paymentId, { amountMinor: 1998 }))),
      postCallback(shop, 'sandbox', signedCallback(channel.secret, await notification(opened.paymentId, { amountMinor: 2000 }), 'json')),
      postCallback(shop, 'sandbox', signedCallback(channel.secret, await notification(opened.paymentId, { currency: 'USD' }))),
      postCallback(shop, 'other', signedCallback(other.secret, await notification(opened.paymentId))),
    ];
    for (const res of await Promise.all(cases)) expect(res.status).toBe(200);
    await drainEvents(shop.app);

    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending', provider_txn_id: null });
    expect((await callbacks()).map((c) => c.state)).toEqual(['mismatch', 'mismatch', 'mismatch', 'mismatch']);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
    const mismatches = await outboxOf(shop, 'payments.payment.mismatch');
    expect(mismatches).toHaveLength(4);
    expect(mismatches).toContainEqual(expect.objectContaining({ paymentId: opened.paymentId, expectedAmountMinor: 1999, reportedAmountMinor: 1998, channel: 'sandbox' }));
    const audit = await shop.http().get('/admin/audit-log?action=payments.settlement.mismatch').set(bearer(finance));
    expect(audit.body.total).toBe(4);
    const listed = await shop.http().get('/admin/payments/callbacks?state=mismatch').set(bearer(finance));
    expect(listed.body.total).toBe(4);
    expect(listed.body.items[0].detail.problems[0]).toMatch(/differs|opened on/);
  });

  it('pays through the hosted sandbox page over HTTP: page, pay, signed callback, settlement', async () => {
    const opened = await open({ amountMinor: 12_345, orderNo: '20261124-PAYPAGE1', subject: 'Steam <card>', returnUrl: 'https://shop.example/o/1' });
    const page = await shop.http().get(opened.payUrl as string);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('20261124-PAYPAGE1');
    expect(page.text).toContain('123.45');
    expect(page.text).toContain('Steam &lt;card&gt;');
    expect(page.text).toContain(`action="${opened.payUrl}"`);

    const paid = await shop.http().post(opened.payUrl as string).type('form').send({ outcome: 'paid' });
    expect(paid.status).toBe(200);
    expect(paid.headers['x-sandbox-callback-status']).toBe('200');
    expect(paid.text).toContain('Payment complete');
    expect(paid.text).toContain('https://shop.example/o/1');
    await drainEvents(shop.app);

    expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'callback' });
    expect((await paymentRow(shop, opened.paymentId)).provider_txn_id).toMatch(/^SBXT/);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
    expect((await shop.http().get(opened.payUrl as string)).text).toContain('already paid');

    // Paying again re-sends the same callback: still one settlement.
    expect((await shop.http().post(opened.payUrl as string).type('form').send({})).headers['x-sandbox-callback-status']).toBe('200');
    await drainEvents(shop.app);
    expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
  });

  it('takes JSON callbacks too, and a failed payment report closes the payment', async () => {
    const json = await createChannel(shop, finance, { code: 'json-cb', priority: 0, settings: { callbackFormat: 'json' } });
    const paidOne = await open({ preferredChannel: json.code });
    const failedOne = await open({ preferredChannel: json.code });
    expect((await shop.http().post(paidOne.payUrl as string).send({ outcome: 'paid' })).headers['x-sandbox-callback-status']).toBe('200');
    expect((await shop.http().post(failedOne.payUrl as string).send({ outcome: 'failed' })).headers['x-sandbox-callback-status']).toBe('200');
    await drainEvents(shop.app);
    expect(await paymentRow(shop, paidOne.paymentId)).toMatchObject({ status: 'succeeded' });
    expect(await paymentRow(shop, failedOne.paymentId)).toMatchObject({ status: 'failed' });
    expect((await callbacks()).map((c) => c.state).sort()).toEqual(['applied', 'settled']);
  });

  it('settles a late payment on an expired one, and a second payment of the same order too', async () => {
    const order = paymentInput();
    const first = await payments(shop, (p) => p.openPayment(order));
    const second = await payments(shop, (p) => p.openPayment({ ...order, preferredChannel: 'sandbox' }));
    await shop.dataSource.query(`UPDATE payments.payments SET status = 'expired', closed_at = now() WHERE id = $1`, [first.paymentId]);
    for (const opened of [first, second]) {
      expect((await postCallback(shop, 'sandbox', signedCallback(channel.secret, await notification(opened.paymentId)))).status).toBe(200);
    }
    await drainEvents(shop.app);
    const summaries = await payments(shop, (p) => p.paymentsOf(order.orderId));
    expect(summaries.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    const events = await outboxOf(shop, 'payments.payment.succeeded');
    expect(events.map((e) => e.paymentId).sort()).toEqual([first.paymentId, second.paymentId].sort());
    expect(events.every((e) => e.orderId === order.orderId)).toBe(true);
  });

  it('marks a verified callback for a payment that never appears as unmatched after its retries', async () => {
    const n: SandboxNotification = {
      paymentId: randomUUID(),
      providerTxnId: 'SBXT-ghost',
      providerRef: 'sbx_ghost',
      amountMinor: 100,
      currency: 'CNY',
      status: 'succeeded',
    };
    expect((await postCallback(shop, 'sandbox', signedCallback(channel.secret, n))).status).toBe(200);
    await drainEvents(shop.app);
    expect((await callbacks()).map((c) => c.state)).toEqual(['unmatched']);
  });
});
