/**
 * Alipay trade vocabulary shared by the create, query and notify paths (OpenAPI v2, 统一收单).
 */

/** trade_status as Alipay defines it; anything else is not an Alipay trade status. */
export const ALIPAY_TRADE_STATUSES = ['WAIT_BUYER_PAY', 'TRADE_CLOSED', 'TRADE_SUCCESS', 'TRADE_FINISHED'] as const;
export type AlipayTradeStatus = (typeof ALIPAY_TRADE_STATUSES)[number];

export const isAlipayTradeStatus = (value: unknown): value is AlipayTradeStatus =>
  (ALIPAY_TRADE_STATUSES as readonly unknown[]).includes(value);

/** The buyer paid: TRADE_SUCCESS (refundable) or TRADE_FINISHED (past the refund period). */
export const isPaidTradeStatus = (status: AlipayTradeStatus) => status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED';

/** Alipay's trade number (trade_no): digits in practice; up to 64 characters. */
export const isAlipayTradeNo = (value: unknown): value is string => typeof value === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(value);

/** Alipay's own currency; the channel takes nothing else. */
export const ALIPAY_CURRENCY = 'CNY';

const MAX_SUBJECT_CHARS = 256;
/** timeout_express takes 1m to 15d. */
const MAX_TIMEOUT_MINUTES = 15 * 24 * 60;

/**
 * timeout_express for a precreate ("14m"): it counts from the precreate call, in whole minutes.
 * Rounded down so Alipay closes the trade no later than our payment window does.
 */
export function alipayTimeoutExpress(now: Date, expiresAt: Date): string {
  const minutes = Math.floor((expiresAt.getTime() - now.getTime()) / 60_000);
  return `${Math.min(Math.max(minutes, 1), MAX_TIMEOUT_MINUTES)}m`;
}

/**
 * A time the way Alipay writes it, "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8, Alipay's system
 * time, no daylight saving): time_expire of a page pay, and the times in Alipay's own messages.
 */
export function alipayTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The subject of a trade: what the buyer sees in Alipay, with our order number. Alipay refuses
 * the characters / = & in it and takes up to 256 characters.
 */
export function alipaySubject(subject: string, orderNo: string): string {
  const suffix = ` (${orderNo})`;
  const room = Math.max(MAX_SUBJECT_CHARS - [...suffix].length, 0);
  return `${[...subject].slice(0, room).join('')}${suffix}`.replace(/[/=&]/g, ' ');
}
