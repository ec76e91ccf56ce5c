import { parseDecimalAmount } from './decimal-amount';
import { EPAY_SIGN_TYPE, epaySignatureMatches } from './epay-signature';

/**
 * Reading an epay notify: the aggregator calls our notify_url with `pid, trade_no, out_trade_no,
 * type, name, money, trade_status` (sometimes `param`), `sign` and `sign_type`, as a GET query
 * string or a POSTed form. Pure: the caller hands over the decoded fields.
 */
export type EpayNotificationRead =
  | { outcome: 'paid'; paymentId: string; tradeNo: string; amountMinor: number }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'refused'; reason: string };

/** The merchant the channel is, and the payment whose notify URL was called (null: the channel URL). */
export interface EpayNotifyTarget {
  pid: string;
  key: string;
  pathRef: string | null;
}

const TRADE_NO = /^[\x21-\x7e]{1,64}$/;
/** A status that is safe to repeat in a log line. */
const PRINTABLE_STATUS = /^[A-Za-z0-9_]{1,32}$/;

/**
 * The fields of a query string or form body, decoded once (as the aggregator signed the decoded
 * values; `+` is a space, as PHP's urlencode writes it). A field given twice makes the whole
 * notify unreadable: which of the two was signed would be a guess.
 */
export function epayFieldsOf(encoded: string): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(encoded)) {
    if (Object.hasOwn(fields, name)) return null;
    fields[name] = value;
  }
  return fields;
}

export function readEpayNotification(fields: Record<string, string>, target: EpayNotifyTarget): EpayNotificationRead {
  const refused = (reason: string): EpayNotificationRead => ({ outcome: 'refused', reason });
  if (target.key === '') return refused('the channel has no merchant key');
  if (fields.sign_type !== undefined && fields.sign_type !== EPAY_SIGN_TYPE) return refused('sign_type is not MD5');
  if (!epaySignatureMatches(fields, target.key)) return refused('signature mismatch');
  if (fields.pid !== target.pid) return refused("pid is not this channel's merchant");
  // The notify URL ends in the payment id: a genuine notify for one payment replayed at another
  // payment's URL (or at the bare channel URL) is refused here.
  if (target.pathRef === null) return refused('epay notifies are taken at the per-payment URL only');
  if (fields.out_trade_no !== target.pathRef) return refused('out_trade_no is not the payment of the notify URL');
  const status = fields.trade_status ?? '';
  if (status !== 'TRADE_SUCCESS') {
    return { outcome: 'ignored', reason: `trade_status ${PRINTABLE_STATUS.test(status) ? status : '(unreadable)'} is not a payment` };
  }
  const tradeNo = fields.trade_no ?? '';
  if (!TRADE_NO.test(tradeNo)) return refused('trade_no missing or malformed');
  const amountMinor = parseDecimalAmount(fields.money ?? '');
  if (amountMinor === null) return refused('money is not an amount in yuan');
  return { outcome: 'paid', paymentId: fields.out_trade_no, tradeNo, amountMinor };
}
