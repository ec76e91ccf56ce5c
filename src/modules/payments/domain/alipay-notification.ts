import { parseDecimalAmount } from './decimal-amount';
import { isAlipayTradeNo, isAlipayTradeStatus, isPaidTradeStatus } from './alipay-trade';

/**
 * Alipay's asynchronous notification (异步通知) of a trade: a UTF-8 form POSTed to the notify_url
 * of the trade, every field signed RSA2 by Alipay. Reading it is pure: parseAlipayNotifyForm and
 * alipayNotifyEnvelopeProblem come before the signature check, readAlipayNotification after it.
 */

export type AlipayNotificationRead =
  | { kind: 'paid'; paymentId: string; tradeNo: string; amountMinor: number }
  /** Genuine, but nothing to settle: a trade waiting or closed, or a refund notice. */
  | { kind: 'nothing-to-do'; reason: string }
  | { kind: 'invalid'; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The fields of a form body exactly as sent, or null when it is not one: bytes that are not
 * UTF-8, a field without a name or a field named twice (the signature covers one value per name,
 * so a repeated one could smuggle a second, unsigned value past it).
 */
export function parseAlipayNotifyForm(raw: Buffer): Record<string, string> | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '' || fields.has(name)) return null;
    fields.set(name, value);
  }
  return fields.size === 0 ? null : Object.fromEntries(fields);
}

/** What must hold before the signature is worth checking: signed RSA2, in UTF-8. */
export function alipayNotifyEnvelopeProblem(fields: Record<string, string>): string | null {
  if (!fields.sign) return 'sign missing';
  // Canonical base64 only: Node's decoder skips stray characters and padding bits, so one
  // signature could otherwise be written many ways.
  if (Buffer.from(fields.sign, 'base64').toString('base64') !== fields.sign) return 'sign is not base64';
  if (fields.sign_type !== 'RSA2') return 'sign_type is not RSA2';
  if (fields.charset !== undefined && fields.charset.toLowerCase() !== 'utf-8') return 'charset is not utf-8';
  return null;
}

/**
 * Reads a notification whose signature has been checked: it must be a trade notice of this
 * channel's app about one of our payments (the one in the notify URL's path, when there is one).
 */
export function readAlipayNotification(fields: Record<string, string>, expected: { appId: string; pathRef: string | null }): AlipayNotificationRead {
  const invalid = (reason: string): AlipayNotificationRead => ({ kind: 'invalid', reason });
  if (fields.app_id !== expected.appId) return invalid("app_id is not this channel's app");
  if (fields.notify_type !== 'trade_status_sync') return invalid('notify_type is not trade_status_sync');
  const paymentId = fields.out_trade_no ?? '';
  if (!UUID.test(paymentId)) return invalid('out_trade_no is not one of our payment ids');
  if (expected.pathRef !== null && expected.pathRef !== paymentId) return invalid('the payment in the notify URL is not the one signed in the body');
  const status = fields.trade_status;
  if (!isAlipayTradeStatus(status)) return invalid('trade_status is not an Alipay trade status');
  if (!isPaidTradeStatus(status)) return { kind: 'nothing-to-do', reason: `trade ${status}` };
  // A (partial) refund is notified with the trade still TRADE_SUCCESS: it does not pay anything.
  if (fields.refund_fee !== undefined || fields.gmt_refund !== undefined) return { kind: 'nothing-to-do', reason: 'refund notice' };
  const tradeNo = fields.trade_no;
  if (!isAlipayTradeNo(tradeNo)) return invalid('trade_no missing or malformed');
  const amountMinor = parseDecimalAmount(fields.total_amount ?? '');
  if (amountMinor === null) return invalid('total_amount is not an amount in yuan');
  return { kind: 'paid', paymentId, tradeNo, amountMinor };
}
