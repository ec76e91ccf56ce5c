import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../../platform/clock/clock';
import { readAlipayCredentials } from '../../domain/alipay-credentials';
import { alipayNotifyEnvelopeProblem, parseAlipayNotifyForm, readAlipayNotification } from '../../domain/alipay-notification';
import { ALIPAY_CURRENCY, alipaySubject, alipayTime, alipayTimeoutExpress } from '../../domain/alipay-trade';
import { formatDecimalAmount } from '../../domain/decimal-amount';
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
import { confirmRefund, qrCodeOf, refundMovedMoney, tradeStateOf } from './alipay-answers';
import { AlipayCallError, AlipayClient, refusalOf } from './alipay-client';
import { alipaySettingProblems, alipaySettingsOf } from './alipay-settings';

/** Alipay caps refund_reason at 256 characters. */
const MAX_REFUND_REASON_CHARS = 256;

/**
 * Alipay (支付宝), OpenAPI v2 through the official alipay-sdk, RSA2 both ways. Our payment id is
 * the trade's out_trade_no, so it is also the providerRef: a precreated trade has no trade_no
 * until the buyer scans it. Notifications come to the per-payment notify_url sent with each trade.
 */
@Injectable()
export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay';
  readonly testOnly = false;

  constructor(private readonly clock: Clock) {}

  credentialProblems(credentials: Record<string, string>): string[] {
    const read = readAlipayCredentials(credentials);
    return read.ok ? [] : read.problems;
  }

  settingProblems(settings: Record<string, unknown>): string[] {
    return alipaySettingProblems(settings);
  }

  currencyProblems(currency: string): string[] {
    return currency === ALIPAY_CURRENCY ? [] : [`Alipay channels take CNY only, not ${currency}`];
  }

  /**
   * Queries a made-up trade: the gateway answers "not found" only once it has accepted our app's
   * signature, and the answer counts only if it carries Alipay's. Changes nothing at Alipay.
   */
  async testChannel(channel: ProviderChannel, signal: AbortSignal): Promise<ChannelTestResult> {
    try {
      const answer = await this.clientOf(channel).call('alipay.trade.query', { out_trade_no: randomUUID() }, { signal });
      if (answer.sub_code === 'ACQ.TRADE_NOT_EXIST') {
        return {
          ok: true,
          detail: 'credentials and signature accepted: alipay.trade.query of a made-up trade answered ACQ.TRADE_NOT_EXIST, signed by Alipay',
        };
      }
      return { ok: false, detail: `alipay.trade.query of a made-up trade answered ${refusalOf(answer)}` };
    } catch (e) {
      return { ok: false, detail: e instanceof AlipayCallError ? e.message : 'alipay: the test call failed' };
    }
  }

  async createPayment(ctx: CreatePaymentContext): Promise<CreatedPayment> {
    if (ctx.currency !== ALIPAY_CURRENCY) throw new AlipayCallError(`alipay: cannot take ${ctx.currency}, only CNY`);
    const client = this.clientOf(ctx.channel);
    const trade = {
      out_trade_no: ctx.paymentId,
      total_amount: formatDecimalAmount(ctx.amountMinor),
      subject: alipaySubject(ctx.subject, ctx.orderNo),
    };
    if (alipaySettingsOf(ctx.channel.settings).mode === 'page') {
      // Nothing is sent now: the signed URL opens Alipay's cashier, which creates the trade.
      const payUrl = client.pagePayUrl(
        { ...trade, product_code: 'FAST_INSTANT_TRADE_PAY', time_expire: alipayTime(ctx.expiresAt) },
        { notifyUrl: ctx.notifyUrl, returnUrl: ctx.returnUrl },
      );
      return { providerRef: ctx.paymentId, payUrl };
    }
    const answer = await client.call(
      'alipay.trade.precreate',
      { ...trade, product_code: 'FACE_TO_FACE_PAYMENT', timeout_express: alipayTimeoutExpress(this.clock.now(), ctx.expiresAt) },
      { signal: ctx.signal, notifyUrl: ctx.notifyUrl },
    );
    return { providerRef: ctx.paymentId, qrContent: qrCodeOf(answer, ctx.paymentId) };
  }

  async queryPayment(ctx: QueryPaymentContext): Promise<ProviderPaymentState> {
    const answer = await this.clientOf(ctx.channel).call('alipay.trade.query', { out_trade_no: ctx.paymentId }, { signal: ctx.signal });
    return tradeStateOf(answer, ctx.paymentId);
  }

  /** out_request_no is our stable request id: Alipay refunds it once however often it is sent. */
  async refund(ctx: RefundContext): Promise<ProviderRefund> {
    if (ctx.currency !== ALIPAY_CURRENCY) throw new AlipayCallError(`alipay: cannot refund ${ctx.currency}, only CNY`);
    const client = this.clientOf(ctx.channel);
    const request = { out_trade_no: ctx.paymentId, out_request_no: ctx.requestId };
    const answer = await client.call('alipay.trade.refund', {
      ...request,
      refund_amount: formatDecimalAmount(ctx.amountMinor),
      refund_reason: [...ctx.reason].slice(0, MAX_REFUND_REASON_CHARS).join(''),
    }, { signal: ctx.signal });
    if (!refundMovedMoney(answer)) confirmRefund(await client.call('alipay.trade.fastpay.refund.query', request, { signal: ctx.signal }), ctx.amountMinor);
    // Alipay gives a refund no id of its own: the trade and our request number name it.
    const tradeNo = typeof answer.trade_no === 'string' && answer.trade_no !== '' ? answer.trade_no : ctx.providerTxnId;
    return { outcome: 'refunded', providerRefundId: `${tradeNo}/${ctx.requestId}` };
  }

  verifyCallback(callback: ReceivedCallback, credentials: Record<string, string>): CallbackVerification {
    if (callback.method !== 'POST') return { outcome: 'refused', reason: 'Alipay notifications are POSTed' };
    if (mediaType(callback.headers['content-type']) !== 'application/x-www-form-urlencoded') {
      return { outcome: 'refused', reason: 'body is not a form' };
    }
    const fields = parseAlipayNotifyForm(callback.rawBody);
    if (!fields) return { outcome: 'refused', reason: 'body is not a well-formed UTF-8 form' };
    const envelope = alipayNotifyEnvelopeProblem(fields);
    if (envelope) return { outcome: 'refused', reason: envelope };
    let client: AlipayClient;
    try {
      client = AlipayClient.open(credentials);
    } catch {
      return { outcome: 'refused', reason: "the channel's credentials are unusable" };
    }
    if (!client.notifySignatureHolds(fields)) return { outcome: 'refused', reason: 'signature mismatch' };
    const read = readAlipayNotification(fields, { appId: credentials.appId, pathRef: callback.pathRef });
    if (read.kind === 'invalid') return { outcome: 'refused', reason: read.reason };
    if (read.kind === 'nothing-to-do') return { outcome: 'ignored', reason: read.reason };
    return {
      outcome: 'verified',
      providerTxnId: read.tradeNo,
      paymentId: read.paymentId,
      amountMinor: read.amountMinor,
      currency: ALIPAY_CURRENCY,
      status: 'succeeded',
    };
  }

  /** Alipay stops resending a notification once it reads exactly "success". */
  acknowledge(): CallbackAcknowledgement {
    return { status: 200, contentType: 'text/plain', body: 'success' };
  }

  private clientOf(channel: ProviderChannel): AlipayClient {
    return AlipayClient.open(channel.credentials, alipaySettingsOf(channel.settings).gateway);
  }
}

const mediaType = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header[0] : (header ?? '')).split(';')[0].trim().toLowerCase();
