import { fromStripeAmount } from './stripe-amount';

/**
 * Reading Stripe Checkout Sessions, as a webhook event carries them and as the API returns them.
 * Pure: the event's signature has been checked before (providers/stripe/stripe-webhook.ts), and
 * the input is the JSON Stripe sent, read defensively (nothing is assumed about its shape).
 *
 * We open one session per payment with `client_reference_id` = our payment id, so a session
 * names the payment it pays; the PaymentIntent behind it is the provider transaction.
 */

export interface CheckoutReport {
  paymentId: string;
  /** The PaymentIntent (pi_...) that took the money. */
  providerTxnId: string;
  amountMinor: number;
  currency: string;
  status: 'succeeded' | 'failed';
}

export type CheckoutEventReading =
  /** `channel`: the shop channel that opened the session (its metadata), when it says. */
  | { outcome: 'verified'; report: CheckoutReport; channel: string | null }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'refused'; reason: string };

export type CheckoutSessionState =
  | { status: 'pending' | 'failed' | 'not_found' }
  | { status: 'succeeded'; providerTxnId?: string; amountMinor?: number; currency?: string };

/** The events a Checkout integration acts on (docs.stripe.com/checkout/fulfillment). */
const PAID_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);
const FAILED_EVENT = 'checkout.session.async_payment_failed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STRIPE_ID = /^[A-Za-z0-9_]{3,255}$/;

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `payment_intent` is an id, or the object itself when the caller expanded it. */
function paymentIntentId(session: Fields): string | null {
  const value = isObject(session.payment_intent) ? session.payment_intent.id : session.payment_intent;
  return typeof value === 'string' && STRIPE_ID.test(value) ? value : null;
}

function amountOf(session: Fields): { amountMinor: number; currency: string } | null {
  if (typeof session.currency !== 'string' || !/^[a-z]{3}$/.test(session.currency) || typeof session.amount_total !== 'number') return null;
  const currency = session.currency.toUpperCase();
  const amountMinor = fromStripeAmount(session.amount_total, currency);
  return amountMinor === null ? null : { amountMinor, currency };
}

/** A verified webhook event: a report on one of our payments, something to acknowledge and drop, or unreadable. */
export function readCheckoutEvent(event: unknown): CheckoutEventReading {
  if (!isObject(event) || typeof event.type !== 'string' || !isObject(event.data)) return { outcome: 'refused', reason: 'not a Stripe event' };
  const paid = PAID_EVENTS.has(event.type);
  if (!paid && event.type !== FAILED_EVENT) return { outcome: 'ignored', reason: `event type ${event.type} is not used` };
  const session = event.data.object;
  if (!isObject(session) || session.object !== 'checkout.session') return { outcome: 'refused', reason: `${event.type} does not carry a Checkout Session` };
  const paymentId = session.client_reference_id;
  // Sessions of the account that this shop did not open (a payment link, another integration).
  if (typeof paymentId !== 'string' || !UUID.test(paymentId)) return { outcome: 'ignored', reason: 'the session names no payment of this shop' };
  if (paid && session.payment_status !== 'paid') {
    return { outcome: 'ignored', reason: `session payment_status is ${String(session.payment_status)}: waiting for the payment` };
  }
  const providerTxnId = paymentIntentId(session);
  if (!providerTxnId) return { outcome: 'refused', reason: 'the session has no PaymentIntent' };
  const amount = amountOf(session);
  if (!amount) return { outcome: 'refused', reason: 'the session amount_total or currency is not readable' };
  return {
    outcome: 'verified',
    report: { paymentId: paymentId.toLowerCase(), providerTxnId, ...amount, status: paid ? 'succeeded' : 'failed' },
    channel: isObject(session.metadata) && typeof session.metadata.channel === 'string' ? session.metadata.channel : null,
  };
}

/**
 * A session retrieved from the API (reconciliation): paid → succeeded with its PaymentIntent and
 * amount; expired → failed (nobody can pay it any more); open or completed but still waiting for
 * an asynchronous payment → pending. A session that names another payment is not this payment's.
 */
export function checkoutSessionState(session: unknown, paymentId: string): CheckoutSessionState {
  if (!isObject(session) || session.object !== 'checkout.session') return { status: 'not_found' };
  if (typeof session.client_reference_id !== 'string' || session.client_reference_id.toLowerCase() !== paymentId.toLowerCase()) {
    return { status: 'not_found' };
  }
  if (session.payment_status === 'paid') {
    const amount = amountOf(session);
    return { status: 'succeeded', providerTxnId: paymentIntentId(session) ?? undefined, amountMinor: amount?.amountMinor, currency: amount?.currency };
  }
  return { status: session.status === 'expired' ? 'failed' : 'pending' };
}
