import Stripe from 'stripe';
import { readCheckoutEvent } from '../../domain/stripe-checkout-session';
import type { CallbackVerification, ReceivedCallback } from '../payment-provider';

/**
 * Verifies a Stripe webhook with Stripe's own code: `Stripe-Signature: t=<unix>,v1=<hex
 * HMAC-SHA256(whsec_..., "<t>." + raw body)>` checked over the bytes exactly as received, and the
 * signed timestamp no older than the tolerance (a replayed old event fails). Then reads the event.
 * `channel` is the code of the channel it came to, when known: every webhook endpoint of a Stripe
 * account receives the events of all its sessions, so an event of a session another channel of
 * the same account opened is acknowledged and left to that channel.
 */
export function verifyStripeWebhook(
  callback: ReceivedCallback,
  webhook: { secret: string; toleranceSeconds: number; channel: string | null },
  now: Date,
): CallbackVerification {
  if (callback.method !== 'POST') return { outcome: 'refused', reason: 'Stripe webhooks are POSTed' };
  const header = callback.headers['stripe-signature'];
  if (header === undefined || header === '') return { outcome: 'refused', reason: 'Stripe-Signature header missing' };
  if (typeof header !== 'string') return { outcome: 'refused', reason: 'Stripe-Signature header malformed' };
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(callback.rawBody, header, webhook.secret, webhook.toleranceSeconds, undefined, now.getTime());
  } catch (e) {
    return { outcome: 'refused', reason: whyRefused(e) };
  }
  const read = readCheckoutEvent(event);
  if (read.outcome !== 'verified') return read;
  if (webhook.channel !== null && read.channel !== null && read.channel !== webhook.channel) {
    return { outcome: 'ignored', reason: `the session was opened by channel ${read.channel}` };
  }
  // Webhooks come to the channel URL; a per-payment URL must name the payment the event names.
  if (callback.pathRef !== null && callback.pathRef.toLowerCase() !== read.report.paymentId) {
    return { outcome: 'refused', reason: 'the payment in the path is not the one in the signed event' };
  }
  return { outcome: 'verified', ...read.report };
}

/** A short reason for the log, from the SDK's long messages (which never hold the secret). */
function whyRefused(e: unknown): string {
  if (e instanceof SyntaxError) return 'signed body is not JSON';
  const message = e instanceof Error ? e.message : '';
  if (message.startsWith('Timestamp outside the tolerance zone')) return 'signature timestamp outside tolerance';
  if (message.startsWith('No signatures found matching')) return 'signature mismatch';
  if (message.startsWith('Unable to extract timestamp') || message.startsWith('No signatures found with expected scheme')) {
    return 'Stripe-Signature header malformed';
  }
  if (message.startsWith('No webhook payload')) return 'empty body';
  if (message.startsWith('No webhook secret')) return 'the channel has no webhook secret';
  return 'signature verification failed';
}
