import { formatDecimalAmount } from './decimal-amount';

/**
 * The parameters of an epay payment, before signing: the same for the page jump (submit.php) and
 * the server call (mapi.php), which adds the buyer's IP and device.
 */
export interface EpayOrder {
  pid: string;
  payType: string;
  paymentId: string;
  orderNo: string;
  subject: string;
  amountMinor: number;
  notifyUrl: string;
  returnUrl: string;
}

/**
 * The aggregator cuts `name` at 127 bytes after checking the signature, which could split a
 * character; we keep it shorter ourselves, whole characters only.
 */
export const EPAY_NAME_MAX_BYTES = 100;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/** What the buyer sees at the aggregator: the subject and our order number, within the byte limit. */
export function epayProductName(subject: string, orderNo: string): string {
  const suffix = ` #${orderNo}`;
  const clean = subject.replace(/[\p{Cc}\s]+/gu, ' ').trim();
  let name = '';
  for (const char of clean) {
    if (utf8Length(name + char + suffix) > EPAY_NAME_MAX_BYTES) break;
    name += char;
  }
  return `${name.trim()}${suffix}`.trim();
}

export function epayOrderParams(order: EpayOrder): Record<string, string> {
  return {
    pid: order.pid,
    type: order.payType,
    out_trade_no: order.paymentId,
    notify_url: order.notifyUrl,
    return_url: order.returnUrl,
    name: epayProductName(order.subject, order.orderNo),
    money: formatDecimalAmount(order.amountMinor),
  };
}

/** The buyer's address as mapi.php wants it: an IPv4 address seen through IPv6 is written as IPv4. */
export function epayClientIp(ip: string | undefined): string | undefined {
  if (ip === undefined || ip === '') return undefined;
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}
