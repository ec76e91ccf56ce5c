import { parseDecimalAmount } from './decimal-amount';

/**
 * Reading the JSON the epay aggregator answers to mapi.php (create), api.php?act=order (query) and
 * api.php?act=refund. Every answer has `code` (1 = done, anything else = refused) and `msg`. These
 * answers are not signed: they are trusted because they come from the configured aggregator.
 */

export type EpayCreateAnswer = { ok: true; tradeNo: string; payUrl?: string; qrContent?: string } | { ok: false; message: string };

export type EpayOrderAnswer =
  | { status: 'paid'; tradeNo: string; amountMinor: number }
  | { status: 'unpaid'; tradeNo: string }
  | { status: 'not_found' }
  | { status: 'error'; message: string };

export type EpayRefundAnswer = { ok: true } | { ok: false; message: string };

const TRADE_NO = /^[\x21-\x7e]{1,64}$/;
const MAX_MESSAGE = 200;

const isDone = (answer: Record<string, unknown>) => answer.code === 1 || answer.code === '1';

/** The aggregator's `msg`, cut short and stripped of control characters, for an error message. */
export function epayMessageOf(answer: Record<string, unknown>): string {
  const msg = typeof answer.msg === 'string' ? answer.msg.replace(/[\p{Cc}]+/gu, ' ').trim() : '';
  const code = typeof answer.code === 'number' || typeof answer.code === 'string' ? String(answer.code).slice(0, 16) : '?';
  return msg === '' ? `code ${code}` : msg.slice(0, MAX_MESSAGE);
}

/**
 * Whether a refusal says the order does not exist (彩虹: "订单号不存在"). Checked for credential
 * words first, since "PID不存在" (no such merchant) also says "does not exist".
 */
export function isEpayNotFound(message: string): boolean {
  if (/key|pid|商户|密钥|签名|sign|merchant/i.test(message)) return false;
  return /不存在|not exist|not found|no such/i.test(message);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function readEpayCreateAnswer(answer: Record<string, unknown>): EpayCreateAnswer {
  if (!isDone(answer)) return { ok: false, message: epayMessageOf(answer) };
  const tradeNo = text(answer.trade_no);
  if (tradeNo === null || !TRADE_NO.test(tradeNo)) return { ok: false, message: 'the answer has no trade_no' };
  // payurl: a page to send the buyer to; urlscheme: a link that opens the wallet app (also a
  // place to send the buyer); qrcode: content to show as a QR code.
  const payUrl = text(answer.payurl) ?? text(answer.urlscheme) ?? undefined;
  const qrContent = text(answer.qrcode) ?? undefined;
  if (payUrl === undefined && qrContent === undefined) return { ok: false, message: 'the answer has no payurl, qrcode or urlscheme' };
  return { ok: true, tradeNo, payUrl, qrContent };
}

/** The answer to api.php?act=order for our `out_trade_no` (status 1 = paid, 0 = not yet). */
export function readEpayOrderAnswer(answer: Record<string, unknown>, paymentId: string): EpayOrderAnswer {
  if (!isDone(answer)) {
    const message = epayMessageOf(answer);
    return isEpayNotFound(message) ? { status: 'not_found' } : { status: 'error', message };
  }
  if (answer.out_trade_no !== paymentId) return { status: 'error', message: 'the answer is about another out_trade_no' };
  const tradeNo = text(answer.trade_no);
  if (tradeNo === null || !TRADE_NO.test(tradeNo)) return { status: 'error', message: 'the answer has no trade_no' };
  const status = String(answer.status);
  if (status === '0') return { status: 'unpaid', tradeNo };
  if (status !== '1') return { status: 'error', message: 'the answer has an unknown order status' };
  // PHP sends the decimal column as a string; a JSON number is read by its shortest text.
  const money = typeof answer.money === 'number' ? String(answer.money) : text(answer.money);
  const amountMinor = money === null ? null : parseDecimalAmount(money);
  if (amountMinor === null) return { status: 'error', message: 'the answer has no readable money' };
  return { status: 'paid', tradeNo, amountMinor };
}

export function readEpayRefundAnswer(answer: Record<string, unknown>): EpayRefundAnswer {
  return isDone(answer) ? { ok: true } : { ok: false, message: epayMessageOf(answer) };
}
