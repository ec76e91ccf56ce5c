import {
  EpayCreateAnswer,
  EpayOrderAnswer,
  EpayRefundAnswer,
  readEpayCreateAnswer,
  readEpayOrderAnswer,
  readEpayRefundAnswer,
} from '../../domain/epay-answers';
import { withEpaySignature } from '../../domain/epay-signature';
import type { EpayCredentials } from './epay-credentials';
import { callEpay, withoutSecrets } from './epay-http';

/**
 * The aggregator's endpoints, each a URL under the channel's apiBase:
 * - submit.php: the page the buyer is sent to, with the signed order in its query (no call here);
 * - mapi.php: opens the order by a signed server call, answers a pay URL or QR code;
 * - api.php?act=order / act=refund: query and refund, authenticated by pid and key as
 *   parameters (the classic v1 API is not signed).
 */
export function submitUrl(apiBase: string, params: Record<string, string>, merchant: EpayCredentials): string {
  const url = new URL(`${apiBase}/submit.php`);
  url.search = new URLSearchParams(withEpaySignature(params, merchant.key)).toString();
  return url.toString();
}

export async function openByMapi(
  apiBase: string,
  params: Record<string, string>,
  merchant: EpayCredentials,
  signal: AbortSignal,
): Promise<EpayCreateAnswer> {
  const answer = await callEpay({
    what: 'create (mapi.php)',
    url: new URL(`${apiBase}/mapi.php`),
    form: withEpaySignature(params, merchant.key),
    signal,
    secrets: [merchant.key],
  });
  return masked(readEpayCreateAnswer(answer), merchant);
}

export async function queryOrder(apiBase: string, paymentId: string, merchant: EpayCredentials, signal?: AbortSignal): Promise<EpayOrderAnswer> {
  const url = new URL(`${apiBase}/api.php`);
  url.search = new URLSearchParams({ act: 'order', pid: merchant.pid, key: merchant.key, out_trade_no: paymentId }).toString();
  const answer = await callEpay({ what: 'order query (api.php)', url, signal, secrets: [merchant.key] });
  return masked(readEpayOrderAnswer(answer, paymentId), merchant);
}

export async function refundOrder(
  apiBase: string,
  refund: { tradeNo: string; money: string },
  merchant: EpayCredentials,
  signal?: AbortSignal,
): Promise<EpayRefundAnswer> {
  const url = new URL(`${apiBase}/api.php?act=refund`);
  const form = { pid: merchant.pid, key: merchant.key, trade_no: refund.tradeNo, money: refund.money };
  const answer = await callEpay({ what: 'refund (api.php)', url, form, secrets: [merchant.key], signal });
  return masked(readEpayRefundAnswer(answer), merchant);
}

/** The aggregator's own message with the key masked, should it ever echo it back. */
function masked<T extends object>(answer: T, merchant: EpayCredentials): T {
  return 'message' in answer && typeof answer.message === 'string'
    ? { ...answer, message: withoutSecrets(answer.message, [merchant.key]) }
    : answer;
}
