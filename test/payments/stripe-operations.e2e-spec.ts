import { StripeProvider } from '../../src/modules/payments/providers/stripe/stripe.provider';
import type { ProviderChannel } from '../../src/modules/payments/providers/payment-provider';
import { drainEvents } from '../support/drain-events';
import { createStripeChannel, newStripeAccount, stripeWebhookUrl } from '../support/fake-providers/stripe-channels';
import { FakeStripe, startFakeStripe } from '../support/fake-providers/stripe-server';
import { createListeningTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, outboxOf, patchChannel, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

describe('Stripe channels against a fake Stripe: reconciliation, refunds and the admin', () => {
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

  const open = (over: Parameters<typeof paymentInput>[0] = {}) => payments(shop, (p) => p.openPayment(paymentInput({ currency: 'EUR', ...over })));
  const sessionIdOf = async (paymentId: string) => (await paymentRow(shop, paymentId)).provider_ref;
  const settled = async (amountMinor: number) => {
    const opened = await open({ amountMinor });
    const sessionId = await sessionIdOf(opened.paymentId);
    expect((await fake.pay(sessionId, { webhookUrl: stripeWebhookUrl(shop, 'stripe-eur') })).answer?.status).toBe(200);
    await drainEvents(shop.app);
    return { paymentId: opened.paymentId, paymentIntent: fake.session(sessionId)!.payment_intent as string };
  };
  /** Reconciliation asks about payments pending for over 2 minutes: these were opened 3 minutes ago. */
  const openedMinutesAgo = (paymentIds: string[]) =>
    shop.dataSource.query(`UPDATE payments.payments SET created_at = created_at - interval '3 minutes' WHERE id = ANY($1)`, [paymentIds]);
  const reconcile = async () => (await shop.http().post('/admin/payments/reconcile').set(bearer(finance))).body;
  const channel = (): ProviderChannel => ({ id: 'c', code: 'stripe-eur', credentials: { ...account }, settings: { apiBase: fake.url } });

  describe('reconciliation', () => {
    it('settles a paid payment whose webhook was lost, from the retrieved session', async () => {
      const opened = await open();
      const sessionId = await sessionIdOf(opened.paymentId);
      expect((await fake.pay(sessionId, { webhookUrl: null })).answer).toBeNull();
      await openedMinutesAgo([opened.paymentId]);

      expect(await reconcile()).toMatchObject({ checked: 1, settled: 1, errors: 0 });
      const pi = fake.session(sessionId)!.payment_intent;
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'reconciliation', provider_txn_id: pi });
      expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/checkout/sessions/${sessionId}` });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([
        expect.objectContaining({ paymentId: opened.paymentId, amountMinor: 1999, currency: 'EUR', providerTxnId: pi, source: 'reconciliation' }),
      ]);
    });

    it('fails a payment whose session expired, and leaves open or unknown sessions pending', async () => {
      const expired = await open();
      const unpaid = await open();
      const unknown = await open();
      fake.expire(await sessionIdOf(expired.paymentId));
      await shop.dataSource.query(`UPDATE payments.payments SET provider_ref = 'cs_test_unknown' WHERE id = $1`, [unknown.paymentId]);
      await openedMinutesAgo([expired.paymentId, unpaid.paymentId, unknown.paymentId]);

      expect(await reconcile()).toMatchObject({ checked: 3, settled: 0, failed: 1, errors: 0 });
      expect(await paymentRow(shop, expired.paymentId)).toMatchObject({ status: 'failed' });
      expect(await paymentRow(shop, unpaid.paymentId)).toMatchObject({ status: 'pending' });
      expect(await paymentRow(shop, unknown.paymentId)).toMatchObject({ status: 'pending' });
    });

    it('answers from the session, and not_found for a session Stripe does not know', async () => {
      const opened = await open();
      const stripe = shop.app.get(StripeProvider);
      const providerRef = await sessionIdOf(opened.paymentId);
      expect(await stripe.queryPayment({ signal: AbortSignal.timeout(5000), channel: channel(), paymentId: opened.paymentId, providerRef })).toEqual({ status: 'pending' });
      expect(await stripe.queryPayment({ signal: AbortSignal.timeout(5000), channel: channel(), paymentId: opened.paymentId, providerRef: 'cs_test_unknown' })).toEqual({ status: 'not_found' });
      expect(await stripe.queryPayment({ signal: AbortSignal.timeout(5000), channel: channel(), paymentId: opened.paymentId, providerRef: null })).toEqual({ status: 'not_found' });
    });
  });

  describe('refunds', () => {
    it('refunds the PaymentIntent in parts, with the refund request id as the idempotency key', async () => {
      const paid = await settled(1999);
      expect(await payments(shop, (p) => p.refund({ paymentId: paid.paymentId, amountMinor: 500, reason: 'one key was faulty' }))).toEqual({
        paymentId: paid.paymentId,
        outcome: 'refunded',
        amountMinor: 500,
      });
      expect(await payments(shop, (p) => p.refund({ paymentId: paid.paymentId, reason: 'order cancelled' }))).toMatchObject({ amountMinor: 1499 });

      const refundCalls = fake.requests.filter((r) => r.path === '/v1/refunds');
      expect(refundCalls.map((r) => r.idempotencyKey)).toEqual([`${paid.paymentId}-r1`, `${paid.paymentId}-r2`]);
      expect(refundCalls[0].form).toEqual({
        payment_intent: paid.paymentIntent,
        amount: '500',
        reason: 'requested_by_customer',
        metadata: { paymentId: paid.paymentId, refundRequest: `${paid.paymentId}-r1`, reason: 'one key was faulty' },
      });
      const rows = await shop.dataSource.query(`SELECT amount_minor, provider_refund_id FROM payments.refunds ORDER BY request_no`);
      expect(rows.map((r: { provider_refund_id: string }) => r.provider_refund_id)).toEqual(fake.refunds.map((r) => r.id));
      expect(fake.refunds.map((r) => r.amount)).toEqual([500, 1499]);
      expect(await paymentRow(shop, paid.paymentId)).toMatchObject({ status: 'refunded', refunded_amount_minor: 1999 });
    });

    it('pays back once when the same refund request is sent again', async () => {
      const paid = await settled(1999);
      const stripe = shop.app.get(StripeProvider);
      const refund = {
        signal: AbortSignal.timeout(5000),
        channel: channel(),
        paymentId: paid.paymentId,
        providerRef: null,
        providerTxnId: paid.paymentIntent,
        amountMinor: 700,
        currency: 'EUR',
        reason: 'duplicate order',
        requestId: `${paid.paymentId}-r1`,
      };
      const first = await stripe.refund(refund);
      expect(await stripe.refund(refund)).toEqual(first);
      expect(fake.refunds).toHaveLength(1);
      // The same request id with other parameters is Stripe's idempotency error, not a second refund.
      await expect(stripe.refund({ ...refund, amountMinor: 800 })).rejects.toThrow(/^stripe: refunding the PaymentIntent failed: 400 StripeIdempotencyError: Keys for idempotent requests/);
      expect(fake.refunds).toHaveLength(1);
    });

    it("reports Stripe's refusal with its code, without the key, and records no refund", async () => {
      const paid = await settled(1999);
      const stripe = shop.app.get(StripeProvider);
      const refund = { signal: AbortSignal.timeout(5000), channel: channel(), paymentId: paid.paymentId, providerRef: null, providerTxnId: paid.paymentIntent, currency: 'EUR', reason: 'x' };
      const tooMuch = stripe.refund({ ...refund, amountMinor: 5000, requestId: 'direct-1' });
      await expect(tooMuch).rejects.toThrow('stripe: refunding the PaymentIntent failed: 400 amount_too_large: Refund amount (5000) is greater than unrefunded amount on charge (1999)');
      // Refunded in the Stripe Dashboard meanwhile: the shop's refund fails as a 502 and changes nothing.
      await stripe.refund({ ...refund, amountMinor: 1999, requestId: 'dashboard-1' });
      await expect(payments(shop, (p) => p.refund({ paymentId: paid.paymentId, reason: 'order cancelled' }))).rejects.toMatchObject({ status: 502, code: 'refund_failed' });
      expect(await shop.dataSource.query(`SELECT * FROM payments.refunds`)).toEqual([]);
      expect(await paymentRow(shop, paid.paymentId)).toMatchObject({ status: 'succeeded', refunded_amount_minor: 0 });
      await expect(stripe.refund({ ...refund, channel: { ...channel(), credentials: { ...account, secretKey: 'sk_test_51NotTheKey0000' } }, amountMinor: 1, requestId: 'r' })).rejects.toThrow(
        'stripe: refunding the PaymentIntent failed: 401 StripeAuthenticationError: Invalid API Key provided: [key]',
      );
    });
  });

  describe('the admin', () => {
    it("tests the channel by reading the balance, and shows Stripe's refusal of a bad key without the key", async () => {
      const ok = await shop.http().post('/admin/payments/channels/stripe-eur/test').set(bearer(finance));
      expect(ok.body).toMatchObject({ channel: 'stripe-eur', ok: true, detail: 'Stripe accepted the test mode key: the account balance was read' });
      expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/balance' });

      const wrongKey = newStripeAccount().secretKey;
      await patchChannel(shop, finance, 'stripe-eur', { credentials: { secretKey: wrongKey, webhookSecret: account.webhookSecret } });
      const refused = await shop.http().post('/admin/payments/channels/stripe-eur/test').set(bearer(finance));
      expect(refused.body).toMatchObject({
        ok: false,
        detail: 'Stripe refused the key: stripe: reading the balance failed: 401 StripeAuthenticationError: Invalid API Key provided: [key]',
      });
      const audit = await shop.http().get('/admin/audit-log?action=payments.channel.test').set(bearer(finance));
      expect(JSON.stringify([ok.body, refused.body, audit.body])).not.toMatch(new RegExp(`${wrongKey.slice(-4)}|${account.secretKey.slice(-4)}`));
    });

    it('shows the webhook URL to register, and checks credentials, settings and currency naming fields only', async () => {
      const view = await shop.http().get('/admin/payments/channels/stripe-eur').set(bearer(finance));
      expect(view.body).toMatchObject({ provider: 'stripe', callbackUrl: stripeWebhookUrl(shop, 'stripe-eur'), credentialsSet: ['secretKey', 'webhookSecret'] });
      expect(JSON.stringify(view.body)).not.toContain(account.secretKey);

      const create = (over: Record<string, unknown>) =>
        shop
          .http()
          .post('/admin/payments/channels')
          .set(bearer(finance))
          .send({ code: 'stripe-usd', provider: 'stripe', displayName: 'Stripe USD', currency: 'USD', credentials: { ...account }, ...over });
      const badKeys = await create({ credentials: { secretKey: 'pk_live_51PublishableKey', webhookSecret: 'not-a-signing-secret' } });
      expect(badKeys.status).toBe(400);
      expect(badKeys.body.error.message).toContain('credentials.secretKey must be a Stripe secret key');
      expect(badKeys.body.error.message).toContain('credentials.webhookSecret must be');
      expect(JSON.stringify(badKeys.body)).not.toMatch(/pk_live_51PublishableKey|not-a-signing-secret/);

      const badSettings = await create({ settings: { webhookToleranceSeconds: 5, apiBase: 'http://api.stripe.com', colour: 'red' } });
      expect(badSettings.status).toBe(400);
      expect(badSettings.body.error.message).toBe(
        'Invalid channel: settings.webhookToleranceSeconds must be an integer from 30 to 900; ' +
          'settings.apiBase must be an https origin such as https://api.stripe.com (http only for a loopback address); ' +
          'settings.colour is not a setting of the stripe provider',
      );

      const badCurrency = await create({ currency: 'RMB' });
      expect(badCurrency.status).toBe(400);
      expect(badCurrency.body.error.message).toContain('currency RMB is not an ISO 4217 currency in use');

      expect((await create({ settings: { webhookToleranceSeconds: 600, paymentMethodTypes: ['card'] } })).status).toBe(201);
    });
  });
});
