import { parseDecimalAmount } from '../../domain/decimal-amount';
import { ALIPAY_CURRENCY, isAlipayTradeNo, isAlipayTradeStatus, isPaidTradeStatus } from '../../domain/alipay-trade';
import type { ProviderPaymentState } from '../payment-provider';
import { AlipayCallError, type AlipayAnswer, isAccepted, refusalOf } from './alipay-client';

/**
 * What the verified answers of the gateway mean for us. An answer that is signed but not what the
 * method promises (another trade, an unreadable amount) is an error, never a guess.
 */

/** alipay.trade.precreate → the content of the QR code the buyer scans. */
export function qrCodeOf(answer: AlipayAnswer, paymentId: string): string {
  if (!isAccepted(answer)) throw new AlipayCallError(`alipay: alipay.trade.precreate refused: ${refusalOf(answer)}`);
  if (answer.out_trade_no !== paymentId || typeof answer.qr_code !== 'string' || answer.qr_code === '') {
    throw new AlipayCallError('alipay: alipay.trade.precreate answered without a QR code for this payment');
  }
  return answer.qr_code;
}

/** alipay.trade.query → the payment's state. A trade Alipay does not know (not yet scanned, or never created) is not_found. */
export function tradeStateOf(answer: AlipayAnswer, paymentId: string): ProviderPaymentState {
  if (!isAccepted(answer)) {
    if (answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'not_found' };
    throw new AlipayCallError(`alipay: alipay.trade.query refused: ${refusalOf(answer)}`);
  }
  if (answer.out_trade_no !== paymentId) throw new AlipayCallError('alipay: alipay.trade.query answered about another trade');
  const status = answer.trade_status;
  if (!isAlipayTradeStatus(status)) throw new AlipayCallError('alipay: alipay.trade.query answered an unknown trade_status');
  if (status === 'WAIT_BUYER_PAY') return { status: 'pending' };
  if (!isPaidTradeStatus(status)) return { status: 'failed' };
  const amountMinor = typeof answer.total_amount === 'string' ? parseDecimalAmount(answer.total_amount) : null;
  if (amountMinor === null || !isAlipayTradeNo(answer.trade_no)) {
    throw new AlipayCallError('alipay: alipay.trade.query reports the trade paid without a readable trade_no and total_amount');
  }
  return { status: 'succeeded', providerTxnId: answer.trade_no, amountMinor, currency: ALIPAY_CURRENCY };
}

/**
 * alipay.trade.refund → whether money moved. fund_change 'Y': refunded now. 'N': nothing moved
 * this time, which is what a retried out_request_no that already succeeded answers, but also
 * what a refund still in progress answers: Alipay says to confirm it with the refund query.
 */
export function refundMovedMoney(answer: AlipayAnswer): boolean {
  if (!isAccepted(answer)) throw new AlipayCallError(`alipay: alipay.trade.refund refused: ${refusalOf(answer)}`);
  return answer.fund_change === 'Y';
}

/** alipay.trade.fastpay.refund.query → the refund is done, for this amount; else an error. */
export function confirmRefund(answer: AlipayAnswer, amountMinor: number): void {
  if (!isAccepted(answer)) throw new AlipayCallError(`alipay: alipay.trade.fastpay.refund.query refused: ${refusalOf(answer)}`);
  if (answer.refund_status !== 'REFUND_SUCCESS') throw new AlipayCallError('alipay: Alipay does not confirm the refund (yet); try again later');
  const refunded = typeof answer.refund_amount === 'string' ? parseDecimalAmount(answer.refund_amount) : null;
  if (refunded !== amountMinor) throw new AlipayCallError('alipay: Alipay reports this refund request for another amount');
}
