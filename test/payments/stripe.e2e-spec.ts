import Stripe from 'stripe';
import { drainEvents } from '../support/drain-events';
import { createStripeChannel, newStripeAccount, stripeWebhookUrl } from '../support/fake-providers/stripe-channels';
import { FakeStripe, startFakeStripe } from '../support/fake-providers/stripe-server';
import { stripeSignatureHeader } from '../support/fake-providers/stripe-webhook-signer';
import { createListeningTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { attemptsOf, eventually, outboxOf, patchChannel, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

describe('Stripe Checkout against a fake Stripe: opening, webhooks and settlement', () => {
  const account = newStripeAccount();
  let fake: FakeStripe;
  let shop: TestApp & { baseUrl: string };
  let finance: string;

  beforeAll(async () => {
    fake = await startFakeStripe(account);
    shop = await createListeningTestApp();
  });
  beforeEach(async () => {
    fake.reset();
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
    await createStripeChannel(shop, finance, { code: 'stripe-eur', currency: 'EUR', fake });
  });
  afterAll(async () => {
    await shop.close();
    await fake.stop();
  });

  const webhook = () => stripeWebhookUrl(shop, 'stripe-eur');
  const open = (over: Parameters<typeof paymentInput>[0] = {}) => payments(shop, (p) => p.openPayment(paymentInput({ currency: 'EUR', ...over })));
  const sessionIdOf = async (paymentId: string) => (await paymentRow(shop, paymentId)).provider_ref;
  const callbacks = async () => (await shop.dataSource.query(`SELECT * FROM payments.callbacks ORDER BY received_at`)) as Array<Record<string, unknown>>;

  describe('opening a payment', () => {
    it('opens a hosted Checkout Session named by our payment id, with an idempotency key per payment', async () => {
      const input = paymentInput({ currency: 'EUR', amountMinor: 1999, expiresAt: new Date(Date.now() + 15 * 60_000) });
      const opened = await payments(shop, (p) => p.openPayment(input));
      const sessionId = await sessionIdOf(opened.paymentId);
      const session = fake.session(sessionId)!;
      expect(opened).toMatchObject({ channel: 'stripe-eur', payUrl: session.url });
      expect(session).toMatchObject({ status: 'open', payment_status: 'unpaid', amount_total: 1999, currency: 'eur', client_reference_id: opened.paymentId });

      const [create] = fake.requests;
      const metadata = { paymentId: opened.paymentId, orderNo: input.orderNo, channel: 'stripe-eur' };
      const returnUrl = `${shop.baseUrl}/orders/${input.orderNo}`;
      expect(create).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', idempotencyKey: `checkout-session-${opened.paymentId}-stripe-eur` });
      expect(create.form).toEqual({
        mode: 'payment',
        line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '1999', product_data: { name: input.subject } } }],
        client_reference_id: opened.paymentId,
        metadata,
        payment_intent_data: { metadata },
        success_url: returnUrl,
        cancel_url: returnUrl,
        expires_at: expect.stringMatching(/^\d+$/),
        adaptive_pricing: { enabled: 'false' },
      });
      // Our payment expires in 15 minutes; Stripe's sessions live 30 minutes at least.
      expect(session.expires_at - session.created).toBeGreaterThanOrEqual(30 * 60);

      await fake.pay(sessionId, { webhookUrl: null });
      expect(fake.paymentIntentMetadata(sessionId)).toEqual(metadata);
    });

    it('offers only the payment methods the channel allows', async () => {
      await patchChannel(shop, finance, 'stripe-eur', { settings: { paymentMethodTypes: ['card'] } });
      await open();
      expect(fake.requests[0].form.allowed_payment_method_types).toEqual(['card']);
    });

    it('gives up on a Stripe that does not answer within the channel timeout, and cancels the request', async () => {
      await patchChannel(shop, finance, 'stripe-eur', { settings: { timeoutMs: 300 } });
      fake.hangRequests(true);
      await expect(open()).rejects.toMatchObject({ code: 'no_payment_channel' });
      expect((await attemptsOf(shop, 'stripe-eur')).map((a) => a.outcome)).toEqual(['timeout']);
      await eventually(async () => fake.abandonedRequests >= 1);
    });

    it('fails over when Stripe refuses the key, and never records the key', async () => {
      const wrongKey = newStripeAccount().secretKey;
      await patchChannel(shop, finance, 'stripe-eur', { credentials: { secretKey: wrongKey, webhookSecret: account.webhookSecret } });
      await expect(open()).rejects.toMatchObject({ code: 'no_payment_channel' });
      const [attempt] = await shop.dataSource.query(`SELECT outcome, error FROM payments.channel_attempts WHERE channel = 'stripe-eur'`);
      expect(attempt.outcome).toBe('failed');
      expect(attempt.error).toBe('stripe: creating the Checkout Session failed: 401 StripeAuthenticationError: Invalid API Key provided: [key]');
      expect(JSON.stringify(await shop.dataSource.query(`SELECT * FROM payments.channel_attempts`))).not.toContain(wrongKey.slice(-4));
    });
  });

  describe('webhooks', () => {
    it('settles the payment once when Stripe sends checkout.session.completed, and once again when it resends it', async () => {
      const opened = await open();
      const sessionId = await sessionIdOf(opened.paymentId);
      const delivery = await fake.pay(sessionId, { webhookUrl: webhook() });
      expect(delivery.answer).toEqual({ status: 200, body: '{"received":true}' });
      await drainEvents(shop.app);

      const pi = fake.session(sessionId)!.payment_intent;
      expect(pi).toMatch(/^pi_/);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'callback', provider_txn_id: pi });
      const succeeded = [expect.objectContaining({ paymentId: opened.paymentId, channel: 'stripe-eur', amountMinor: 1999, currency: 'EUR', providerTxnId: pi, source: 'callback' })];
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual(succeeded);
      expect(await callbacks()).toEqual([expect.objectContaining({ state: 'settled', provider_txn_id: pi, payment_id: opened.paymentId })]);

      // Stripe retries an event until it sees a 2xx, and the Dashboard can resend it: the same bytes again.
      expect(await fake.redeliver(delivery, webhook())).toEqual({ status: 200, body: '{"received":true}' });
      await drainEvents(shop.app);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual(succeeded);
      expect(await callbacks()).toHaveLength(1);
    });

    it('waits for an asynchronous payment, and fails the payment when it fails', async () => {
      const opened = await open();
      const sessionId = await sessionIdOf(opened.paymentId);
      const processing = await fake.pay(sessionId, { webhookUrl: webhook(), paymentStatus: 'unpaid' });
      expect(processing.answer).toEqual({ status: 200, body: '{"received":true}' });
      expect(await callbacks()).toEqual([]);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending' });

      expect((await fake.failAsyncPayment(sessionId, webhook())).answer?.status).toBe(200);
      await drainEvents(shop.app);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'failed' });
      expect(await callbacks()).toEqual([expect.objectContaining({ reported_status: 'failed', state: 'applied' })]);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);
    });

    it('refuses forged, tampered, stale and replayed events, ignores other event types, and changes nothing', async () => {
      const a = await open({ amountMinor: 1999 });
      const b = await open({ amountMinor: 1999 });
      const sessionA = await sessionIdOf(a.paymentId);
      const rowsBefore = [await paymentRow(shop, a.paymentId), await paymentRow(shop, b.paymentId)];
      const refused = { status: 400, body: expect.stringContaining('invalid_callback') };
      const ignored = { status: 200, body: '{"received":true}' };

      const attempts: Array<[string, () => Promise<{ status: number; body: string } | null>, unknown]> = [
        ['signed with another secret', async () => (await fake.pay(sessionA, { webhookUrl: webhook(), signingSecret: newStripeAccount().webhookSecret })).answer, refused],
        ['amount changed after signing', async () => (await fake.pay(sessionA, { webhookUrl: webhook(), tamper: { amount_total: 1 } })).answer, refused],
        ['currency changed after signing', async () => (await fake.pay(sessionA, { webhookUrl: webhook(), tamper: { currency: 'jpy' } })).answer, refused],
        ["A's event re-pointed at B", async () => (await fake.pay(sessionA, { webhookUrl: webhook(), tamper: { client_reference_id: b.paymentId } })).answer, refused],
        ['signed 301 s ago (outside the tolerance)', async () => (await fake.pay(sessionA, { webhookUrl: webhook(), signedSecondsAgo: 301 })).answer, refused],
        ["A's genuine event sent to B's URL", async () => fake.redeliver(await fake.pay(sessionA, { webhookUrl: null }), `${webhook()}/${b.paymentId}`), refused],
        [
          'no Stripe-Signature header',
          async () => {
            const { payload } = await fake.pay(sessionA, { webhookUrl: null });
            const res = await shop.http().post('/api/payments/callbacks/stripe-eur').set('content-type', 'application/json').send(payload);
            return { status: res.status, body: res.text };
          },
          refused,
        ],
        ['a genuine event of a type the shop does not use', async () => (await fake.pay(sessionA, { webhookUrl: webhook(), eventType: 'charge.succeeded' })).answer, ignored],
        ['a genuine expiry event', async () => (await fake.pay(sessionA, { webhookUrl: webhook(), eventType: 'checkout.session.expired' })).answer, ignored],
      ];
      for (const [what, send, expected] of attempts) {
        expect({ what, answer: await send() }).toEqual({ what, answer: expected });
      }
      await drainEvents(shop.app);
      expect([await paymentRow(shop, a.paymentId), await paymentRow(shop, b.paymentId)]).toEqual(rowsBefore);
      expect(await callbacks()).toEqual([]);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([]);

      // A's genuine event settles A, once; sent again it settles nothing else.
      const genuine = await fake.pay(sessionA, { webhookUrl: webhook() });
      expect(genuine.answer?.status).toBe(200);
      expect((await fake.redeliver(genuine, webhook())).status).toBe(200);
      await drainEvents(shop.app);
      expect(await paymentRow(shop, a.paymentId)).toMatchObject({ status: 'succeeded' });
      expect(await paymentRow(shop, b.paymentId)).toEqual(rowsBefore[1]);
      expect((await outboxOf(shop, 'payments.payment.succeeded')).map((e) => e.paymentId)).toEqual([a.paymentId]);
      expect(await callbacks()).toHaveLength(1);
    });
  });

  describe('a zero-decimal currency (JPY)', () => {
    it('charges, settles and refunds yen as whole yen', async () => {
      await createStripeChannel(shop, finance, { code: 'stripe-jpy', currency: 'JPY', fake });
      const opened = await payments(shop, (p) => p.openPayment(paymentInput({ currency: 'JPY', amountMinor: 500 })));
      expect(opened.channel).toBe('stripe-jpy');
      expect(fake.requests[0].form.line_items).toEqual([expect.objectContaining({ price_data: expect.objectContaining({ currency: 'jpy', unit_amount: '500' }) })]);

      const sessionId = await sessionIdOf(opened.paymentId);
      expect((await fake.pay(sessionId, { webhookUrl: stripeWebhookUrl(shop, 'stripe-jpy') })).answer?.status).toBe(200);
      await drainEvents(shop.app);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', currency: 'JPY' });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([expect.objectContaining({ amountMinor: 500, currency: 'JPY' })]);

      expect(await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, amountMinor: 200, reason: 'one key was faulty' }))).toMatchObject({
        outcome: 'refunded',
        amountMinor: 200,
      });
      expect(fake.refunds).toEqual([expect.objectContaining({ amount: 200, currency: 'jpy', payment_intent: fake.session(sessionId)!.payment_intent })]);
    });
  });

  describe("the fake's webhook signer", () => {
    it("writes the same header as the Stripe SDK's test helper", () => {
      const payload = JSON.stringify({ id: 'evt_1', object: 'event' }, null, 2);
      expect(stripeSignatureHeader(account.webhookSecret, payload, 1795000000)).toBe(
        Stripe.webhooks.generateTestHeaderString({ payload, secret: account.webhookSecret, timestamp: 1795000000 }),
      );
    });
  });
});
