import type Stripe from 'stripe';

/** Stripe takes a Checkout Session's `expires_at` from 30 minutes to 24 hours after its creation. */
const SESSION_MIN_LIFETIME_MS = 30 * 60_000;
const SESSION_MAX_LIFETIME_MS = 24 * 60 * 60_000;
/** Kept clear of both bounds: our clock and Stripe's differ, and the request takes time to arrive. */
const BOUND_MARGIN_MS = 60_000;

export interface CheckoutRequest {
  /** The code of the shop channel opening the session. */
  channel: string;
  paymentId: string;
  orderNo: string;
  subject: string;
  currency: string;
  /** The amount in Stripe's unit (domain/stripe-amount.ts). */
  stripeAmount: number;
  returnUrl: string;
  expiresAt: Date;
  paymentMethodTypes: string[] | null;
}

/**
 * Our payment's expiry as the session's `expires_at` (unix seconds), moved into the range Stripe
 * allows: a payment that expires sooner than 30 minutes gets a session that lives 30 minutes (a
 * payment made after our expiry is still settled, as a late payment).
 */
export function checkoutExpiresAt(expiresAt: Date, now: Date): number {
  const earliest = now.getTime() + SESSION_MIN_LIFETIME_MS + BOUND_MARGIN_MS;
  const latest = now.getTime() + SESSION_MAX_LIFETIME_MS - BOUND_MARGIN_MS;
  return Math.floor(Math.min(Math.max(expiresAt.getTime(), earliest), latest) / 1000);
}

/**
 * A retried create (the SDK retries a network failure) gets the session the first try made. The
 * channel is part of the key: failing over to another channel on the same Stripe account opens
 * that channel's own session rather than colliding with the first one's parameters.
 */
export const checkoutIdempotencyKey = (channel: string, paymentId: string) => `checkout-session-${paymentId}-${channel}`;

/**
 * A hosted Checkout Session for one payment: one line of the order's subject at its amount, and
 * our payment id as `client_reference_id` (webhooks and queries name the payment by it). The
 * metadata of the session and of its PaymentIntent (what the Stripe Dashboard shows) repeat the
 * payment id, with the order number for people searching the Dashboard and the channel code
 * (every webhook endpoint of an account receives every session's events; the code tells whose).
 * Adaptive Pricing is turned off: it would charge the buyer's local currency, and the session
 * would then report an amount that is not ours (settlement compares it to the cent). The API
 * version the SDK pins has no `payment_method_types` on sessions any more:
 * `allowed_payment_method_types` filters the methods the Dashboard enables.
 */
export function checkoutSessionParams(r: CheckoutRequest, now: Date): Stripe.Checkout.SessionCreateParams {
  const metadata = { paymentId: r.paymentId, orderNo: r.orderNo, channel: r.channel };
  return {
    mode: 'payment',
    line_items: [{ quantity: 1, price_data: { currency: r.currency.toLowerCase(), unit_amount: r.stripeAmount, product_data: { name: r.subject } } }],
    client_reference_id: r.paymentId,
    metadata,
    payment_intent_data: { metadata },
    success_url: r.returnUrl,
    cancel_url: r.returnUrl,
    expires_at: checkoutExpiresAt(r.expiresAt, now),
    adaptive_pricing: { enabled: false },
    ...(r.paymentMethodTypes ? { allowed_payment_method_types: r.paymentMethodTypes } : {}),
  };
}
