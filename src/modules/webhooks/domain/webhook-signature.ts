import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-CardShop-Signature';
export const EVENT_HEADER = 'X-CardShop-Event';
export const DELIVERY_HEADER = 'X-CardShop-Delivery';

/** hex HMAC-SHA256 keyed by the secret (the whole `whsec_...` string) over `<timestamp>.<body>`. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The signature header, Stripe style: `t=<unix seconds>,v1=<hex>`. While a rotated-out secret is
 * still honoured, a second `v1=` signed with it follows, so receivers not yet updated keep
 * verifying (a receiver accepts the request when any v1 matches).
 */
export function signatureHeader(input: { secrets: readonly string[]; timestamp: number; body: string }): string {
  if (input.secrets.length === 0) throw new Error('a webhook is never sent unsigned');
  if (!Number.isInteger(input.timestamp) || input.timestamp <= 0) throw new Error('the timestamp must be whole unix seconds');
  return [`t=${input.timestamp}`, ...input.secrets.map((s) => `v1=${computeSignature(s, input.timestamp, input.body)}`)].join(',');
}
