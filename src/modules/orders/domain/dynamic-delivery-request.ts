import { createHmac } from 'node:crypto';

/**
 * What the shop sends a merchant's dynamic-delivery URL. The buyer's contact is left out on
 * purpose: the merchant only issues the items and the shop delivers them, so the merchant has no
 * need for the buyer's e-mail or phone (and a leak there would be a leak of personal data).
 * `requestId` is the same on every call for one order, retries and admin retries included: the
 * merchant must treat a repeat as the same request and answer the same items.
 */
export interface DynamicDeliveryRequest {
  orderNo: string;
  goodsId: string;
  quantity: number;
  requestId: string;
}

export const SIGNATURE_HEADER = 'X-CardShop-Signature';

/** The JSON body, its keys always in this order (the body is what is signed). */
export function dynamicDeliveryBody(r: DynamicDeliveryRequest): string {
  return JSON.stringify({ orderNo: r.orderNo, goodsId: r.goodsId, quantity: r.quantity, requestId: r.requestId });
}

/**
 * Stripe-style: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The merchant
 * recomputes it over the raw body, compares in constant time and refuses an old `t` (replays).
 */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
