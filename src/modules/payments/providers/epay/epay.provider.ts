import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { formatDecimalAmount } from '../../domain/decimal-amount';
import { epayFieldsOf, readEpayNotification } from '../../domain/epay-notification';
import { epayClientIp, epayOrderParams } from '../../domain/epay-requests';
import type {
  CallbackAcknowledgement,
  CallbackVerification,
  ChannelTestResult,
  CreatedPayment,
  CreatePaymentContext,
  PaymentProvider,
  ProviderChannel,
  ProviderPaymentState,
  ProviderRefund,
  QueryPaymentContext,
  ReceivedCallback,
  RefundContext,
} from '../payment-provider';
import { openByMapi, queryOrder, refundOrder, submitUrl } from './epay-api';
import { epayCredentialProblems, epayCredentialsOf } from './epay-credentials';
import { epaySettingProblems, epaySettingsOf } from './epay-settings';

/** The currency of epay's `money` field: yuan, always. */
const EPAY_CURRENCY = 'CNY';

/**
 * 易支付 (the 彩虹易支付 v1 protocol most Chinese payment aggregators speak): parameters signed
 * with MD5 under the merchant key, the buyer sent to submit.php (page mode) or the order opened
 * with mapi.php (api mode), a signed notify to the per-payment notify URL, query and refund
 * through api.php. CNY only.
 */
@Injectable()
export class EpayProvider implements PaymentProvider {
  readonly name = 'epay';
  readonly testOnly = false;

  credentialProblems(credentials: Record<string, string>): string[] {
    return epayCredentialProblems(credentials);
  }

  settingProblems(settings: Record<string, unknown>): string[] {
    return epaySettingProblems(settings);
  }

  currencyProblems(currency: string): string[] {
    return currency === EPAY_CURRENCY ? [] : ['epay channels take CNY only (the aggregator counts in yuan)'];
  }

  /**
   * Asks api.php about an order that cannot exist (ours are UUIDs). 彩虹 checks pid and key
   * before it looks for the order, so "order not found" shows the address and credentials work.
   */
  async testChannel(channel: ProviderChannel, signal: AbortSignal): Promise<ChannelTestResult> {
    const probe = `probe-${randomBytes(8).toString('hex')}`;
    try {
      const merchant = epayCredentialsOf(channel.credentials);
      const answer = await queryOrder(epaySettingsOf(channel.settings).apiBase, probe, merchant, signal);
      if (answer.status === 'error') return { ok: false, detail: `the aggregator refused the order query: ${answer.message}` };
      const found = answer.status === 'not_found' ? 'not found, as expected' : 'found';
      return { ok: true, detail: `api.php accepted pid ${merchant.pid} and its key (probe order ${probe}: ${found})` };
    } catch (e) {
      return { ok: false, detail: signal.aborted ? 'no answer from the aggregator within the channel timeout' : (e as Error).message };
    }
  }

  async createPayment(ctx: CreatePaymentContext): Promise<CreatedPayment> {
    if (ctx.currency !== EPAY_CURRENCY) throw new Error(`epay: cannot take ${ctx.currency}, only CNY`);
    const settings = epaySettingsOf(ctx.channel.settings);
    const merchant = epayCredentialsOf(ctx.channel.credentials);
    const params = epayOrderParams({
      pid: merchant.pid,
      payType: settings.payType,
      paymentId: ctx.paymentId,
      orderNo: ctx.orderNo,
      subject: ctx.subject,
      amountMinor: ctx.amountMinor,
      notifyUrl: ctx.notifyUrl,
      returnUrl: ctx.returnUrl,
    });
    if (settings.mode === 'page') {
      // The aggregator learns of the order only when the buyer opens the page, so it has no
      // trade number yet: the payment id (its out_trade_no) is the only reference there is.
      return { providerRef: ctx.paymentId, payUrl: submitUrl(settings.apiBase, params, merchant) };
    }
    const clientip = epayClientIp(ctx.clientIp);
    const answer = await openByMapi(
      settings.apiBase,
      { ...params, device: settings.device, ...(clientip ? { clientip } : {}) },
      merchant,
      ctx.signal,
    );
    if (!answer.ok) throw new Error(`epay create (mapi.php): the aggregator refused: ${answer.message}`);
    return { providerRef: answer.tradeNo, payUrl: answer.payUrl, qrContent: answer.qrContent };
  }

  /** Asked by our out_trade_no, which both modes have (page mode has no trade number until paid). */
  async queryPayment(ctx: QueryPaymentContext): Promise<ProviderPaymentState> {
    const merchant = epayCredentialsOf(ctx.channel.credentials);
    const answer = await queryOrder(epaySettingsOf(ctx.channel.settings).apiBase, ctx.paymentId, merchant, ctx.signal);
    switch (answer.status) {
      case 'paid':
        return { status: 'succeeded', providerTxnId: answer.tradeNo, amountMinor: answer.amountMinor, currency: EPAY_CURRENCY };
      case 'unpaid':
        // epay has no "failed": an order stays unpaid until it is paid or forgotten.
        return { status: 'pending' };
      case 'not_found':
        return { status: 'not_found' };
      case 'error':
        throw new Error(`epay order query (api.php): the aggregator refused: ${answer.message}`);
    }
  }

  /**
   * The v1 refund takes no request id, so the aggregator cannot spot a repeat: we send each refund
   * once and never retry it (the platform holds the payment locked during the call and records the
   * refund only when this returns). The aggregator gives no refund number; our request id stands in.
   */
  async refund(ctx: RefundContext): Promise<ProviderRefund> {
    if (ctx.currency !== EPAY_CURRENCY) throw new Error(`epay: cannot refund ${ctx.currency}, only CNY`);
    const merchant = epayCredentialsOf(ctx.channel.credentials);
    const answer = await refundOrder(
      epaySettingsOf(ctx.channel.settings).apiBase,
      { tradeNo: ctx.providerTxnId, money: formatDecimalAmount(ctx.amountMinor) },
      merchant,
      ctx.signal,
    );
    if (!answer.ok) throw new Error(`epay refund (api.php): the aggregator refused: ${answer.message}`);
    return { outcome: 'refunded', providerRefundId: ctx.requestId };
  }

  /** The notify comes as a GET query string (彩虹) or, from some aggregators, a POSTed form. */
  verifyCallback(callback: ReceivedCallback, credentials: Record<string, string>): CallbackVerification {
    let encoded = callback.rawQuery;
    if (callback.method === 'POST') {
      const type = String(callback.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') return { outcome: 'refused', reason: 'a POSTed epay notify must be a form' };
      encoded = callback.rawBody.toString('utf8');
    }
    const fields = epayFieldsOf(encoded);
    if (!fields) return { outcome: 'refused', reason: 'a notify field is given twice' };
    const read = readEpayNotification(fields, { pid: credentials.pid ?? '', key: credentials.key ?? '', pathRef: callback.pathRef });
    if (read.outcome !== 'paid') return read;
    return {
      outcome: 'verified',
      providerTxnId: read.tradeNo,
      paymentId: read.paymentId,
      amountMinor: read.amountMinor,
      currency: EPAY_CURRENCY,
      status: 'succeeded',
    };
  }

  /** The aggregator keeps notifying until it reads this exact body. */
  acknowledge(): CallbackAcknowledgement {
    return { status: 200, contentType: 'text/plain', body: 'success' };
  }
}
