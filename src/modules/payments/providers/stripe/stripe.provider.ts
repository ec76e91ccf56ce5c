import { Injectable } from '@nestjs/common';
import { Clock } from '../../../../platform/clock/clock';
import { stripeCurrencyProblems, toStripeAmount } from '../../domain/stripe-amount';
import { checkoutSessionState } from '../../domain/stripe-checkout-session';
import type {
  CallbackAcknowledgement,
  CallbackVerification,
  ChannelTestResult,
  CreatedPayment,
  CreatePaymentContext,
  PaymentProvider,
  ProviderChannel,
  ProviderPaymentState,
  ProviderRefund,
  QueryPaymentContext,
  ReceivedCallback,
  RefundContext,
} from '../payment-provider';
import { checkoutIdempotencyKey, checkoutSessionParams } from './stripe-checkout';
import { callStripe, StripeCallError, stripeClient } from './stripe-client';
import { stripeCredentialProblems, stripeKeyMode, stripeSettingProblems, stripeSettingsOf } from './stripe-settings';
import { verifyStripeWebhook } from './stripe-webhook';

/**
 * Stripe Checkout: a payment is a hosted Checkout Session (its id is our provider reference, the
 * PaymentIntent behind it the provider transaction). Stripe reports payments by webhook events
 * POSTed to the channel's callback URL, registered in the Stripe Dashboard; reconciliation
 * retrieves the session; refunds go to the PaymentIntent.
 */
@Injectable()
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly testOnly = false;

  constructor(private readonly clock: Clock) {}

  credentialProblems(credentials: Record<string, string>): string[] {
    return stripeCredentialProblems(credentials);
  }

  settingProblems(settings: Record<string, unknown>): string[] {
    return stripeSettingProblems(settings);
  }

  currencyProblems(currency: string): string[] {
    return stripeCurrencyProblems(currency);
  }

  /** Reads the account balance: harmless, and it needs a key Stripe accepts. */
  async testChannel(channel: ProviderChannel, signal: AbortSignal): Promise<ChannelTestResult> {
    const mode = stripeKeyMode(channel.credentials.secretKey ?? '');
    try {
      const stripe = stripeClient(channel, signal);
      await callStripe('reading the balance', signal, () => stripe.balance.retrieve());
      return { ok: true, detail: `Stripe accepted the ${mode} mode key: the account balance was read` };
    } catch (e) {
      if (e instanceof StripeCallError && e.type === 'StripeAuthenticationError') return { ok: false, detail: `Stripe refused the key: ${e.message}` };
      if (e instanceof StripeCallError && e.type === 'StripePermissionError') {
        return { ok: false, detail: `the key may not read the balance (give a restricted key "Balance: Read"): ${e.message}` };
      }
      return { ok: false, detail: e instanceof Error ? e.message : String(e) };
    }
  }

  async createPayment(ctx: CreatePaymentContext): Promise<CreatedPayment> {
    const amount = toStripeAmount(ctx.amountMinor, ctx.currency);
    if (!amount.ok) throw new Error(`stripe: cannot charge this amount: ${amount.reason}`);
    const params = checkoutSessionParams(
      {
        channel: ctx.channel.code,
        paymentId: ctx.paymentId,
        orderNo: ctx.orderNo,
        subject: ctx.subject,
        currency: ctx.currency,
        stripeAmount: amount.amount,
        returnUrl: ctx.returnUrl,
        expiresAt: ctx.expiresAt,
        paymentMethodTypes: stripeSettingsOf(ctx.channel.settings).paymentMethodTypes,
      },
      this.clock.now(),
    );
    const stripe = stripeClient(ctx.channel, ctx.signal);
    const session = await callStripe('creating the Checkout Session', ctx.signal, () =>
      stripe.checkout.sessions.create(params, { idempotencyKey: checkoutIdempotencyKey(ctx.channel.code, ctx.paymentId) }),
    );
    if (!session.url) throw new Error(`stripe: Checkout Session ${session.id} came back without a URL to pay at`);
    return { providerRef: session.id, payUrl: session.url };
  }

  async queryPayment(ctx: QueryPaymentContext): Promise<ProviderPaymentState> {
    const sessionId = ctx.providerRef;
    if (sessionId === null) return { status: 'not_found' };
    const stripe = stripeClient(ctx.channel, ctx.signal);
    try {
      const session = await callStripe('retrieving the Checkout Session', ctx.signal, () => stripe.checkout.sessions.retrieve(sessionId));
      return checkoutSessionState(session, ctx.paymentId);
    } catch (e) {
      if (e instanceof StripeCallError && e.statusCode === 404 && e.code === 'resource_missing') return { status: 'not_found' };
      throw e;
    }
  }

  /** Refunds the PaymentIntent; the request id is the idempotency key, so a retried refund pays back once. */
  async refund(ctx: RefundContext): Promise<ProviderRefund> {
    const amount = toStripeAmount(ctx.amountMinor, ctx.currency);
    if (!amount.ok) throw new Error(`stripe: cannot refund this amount: ${amount.reason}`);
    const stripe = stripeClient(ctx.channel, ctx.signal);
    const refund = await callStripe('refunding the PaymentIntent', ctx.signal, () =>
      stripe.refunds.create(
        {
          payment_intent: ctx.providerTxnId,
          amount: amount.amount,
          reason: 'requested_by_customer',
          metadata: { paymentId: ctx.paymentId, refundRequest: ctx.requestId, reason: ctx.reason },
        },
        { idempotencyKey: ctx.requestId },
      ),
    );
    if (refund.status === 'failed' || refund.status === 'canceled') throw new Error(`stripe: refund ${refund.id} is ${refund.status}`);
    return { outcome: 'refunded', providerRefundId: refund.id };
  }

  /**
   * `channel`, the channel the webhook came to, gives its webhookToleranceSeconds setting and its
   * code (to leave other channels' sessions to them); without it, the default tolerance (300 s)
   * applies and every session of the account is taken.
   */
  verifyCallback(
    callback: ReceivedCallback,
    credentials: Record<string, string>,
    now: Date,
    channel?: Pick<ProviderChannel, 'code' | 'settings'>,
  ): CallbackVerification {
    const toleranceSeconds = stripeSettingsOf(channel?.settings ?? {}).webhookToleranceSeconds;
    return verifyStripeWebhook(callback, { secret: credentials.webhookSecret ?? '', toleranceSeconds, channel: channel?.code ?? null }, now);
  }

  /** Stripe only needs a 2xx; anything else and it retries the event for days. */
  acknowledge(): CallbackAcknowledgement {
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ received: true }) };
  }
}
