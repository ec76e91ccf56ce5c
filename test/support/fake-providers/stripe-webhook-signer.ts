import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header as Stripe writes it (docs.stripe.com/webhooks#verify-manually):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 keyed with the whole whsec_... secret, over "<t>.<payload>">`.
 * Written here with node:crypto, not with the shop's code or the SDK, so that the shop's
 * verification is checked against an independent signer.
 */
export function stripeSignatureHeader(secret: string, payload: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
