import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '../../../../platform/clock/clock';
import { bodyFields, readSandboxNotification } from '../../domain/sandbox-notification';
import { SANDBOX_SIGNATURE_HEADER, verifySandboxSignature } from '../../domain/sandbox-signature';
import type {
  CallbackAcknowledgement,
  CallbackVerification,
  ChannelTestResult,
  CreatedPayment,
  CreatePaymentContext,
  PaymentProvider,
  ProviderPaymentState,
  ProviderRefund,
  ProviderChannel,
  QueryPaymentContext,
  ReceivedCallback,
  RefundContext,
} from '../payment-provider';
import { SandboxLedger } from './sandbox-ledger';
import { sandboxSettingProblems, sandboxSettingsOf } from './sandbox-settings';

export const sandboxPayPath = (paymentId: string) => `/api/payments/sandbox/pay/${paymentId}`;

/** How long a "hanging" create waits at most if nobody aborts it (keeps the process tidy). */
const HANG_LIMIT_MS = 120_000;

/**
 * A provider that behaves like a real one but moves no money: a hosted pay page, callbacks signed
 * with HMAC-SHA256 under the channel's `secret`, a query API and refunds, with settings to make it
 * slow, flaky or hang so failover can be shown and tested. Refused for enabled channels in production.
 */
@Injectable()
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  readonly testOnly = true;

  constructor(
    private readonly ledger: SandboxLedger,
    private readonly clock: Clock,
  ) {}

  credentialProblems(credentials: Record<string, string>): string[] {
    const problems = Object.keys(credentials)
      .filter((key) => key !== 'secret')
      .map((key) => `credentials.${key} is not a sandbox credential (only secret)`);
    if (!credentials.secret || credentials.secret.length < 16) problems.push('credentials.secret must be at least 16 characters');
    return problems;
  }

  settingProblems(settings: Record<string, unknown>): string[] {
    return sandboxSettingProblems(settings);
  }

  currencyProblems(): string[] {
    return [];
  }

  /** The sandbox lives in this process: its ledger answering is all there is to test. */
  async testChannel(channel: ProviderChannel): Promise<ChannelTestResult> {
    const found = await this.ledger.byPayment(channel.code, '00000000-0000-4000-8000-000000000000');
    return { ok: true, detail: `sandbox ledger reachable (probe payment ${found ? 'found' : 'not found, as expected'})` };
  }

  async createPayment(ctx: CreatePaymentContext): Promise<CreatedPayment> {
    const settings = sandboxSettingsOf(ctx.channel.settings);
    if (settings.hang) {
      await sleep(HANG_LIMIT_MS, undefined, { signal: ctx.signal, ref: false }).catch(() => undefined);
      throw new Error('sandbox: the create call was left hanging (hang setting)');
    }
    if (settings.latencyMs > 0) await sleep(settings.latencyMs, undefined, { signal: ctx.signal });
    if (Math.random() < settings.failureRate) throw new Error('sandbox: simulated provider outage (failureRate setting)');
    if (ctx.signal.aborted) throw new Error('sandbox: the create call was abandoned');
    const providerRef = await this.ledger.open(
      {
        channel: ctx.channel.code,
        paymentId: ctx.paymentId,
        orderNo: ctx.orderNo,
        subject: ctx.subject,
        amountMinor: ctx.amountMinor,
        currency: ctx.currency,
        returnUrl: ctx.returnUrl ?? null,
      },
      this.clock.now(),
    );
    return { providerRef, payUrl: sandboxPayPath(ctx.paymentId) };
  }

  async queryPayment(ctx: QueryPaymentContext): Promise<ProviderPaymentState> {
    const t = await this.ledger.byPayment(ctx.channel.code, ctx.paymentId);
    if (!t || (ctx.providerRef !== null && t.providerRef !== ctx.providerRef)) return { status: 'not_found' };
    const status = t.status === 'paid' ? 'succeeded' : t.status === 'closed' ? 'failed' : 'pending';
    return { status, providerTxnId: t.txnId ?? undefined, amountMinor: t.amountMinor, currency: t.currency };
  }

  async refund(ctx: RefundContext): Promise<ProviderRefund> {
    if (sandboxSettingsOf(ctx.channel.settings).refundUnsupported) {
      return { outcome: 'unsupported', reason: 'this sandbox channel is set to refuse refunds (refundUnsupported)' };
    }
    const t = await this.ledger.byPayment(ctx.channel.code, ctx.paymentId);
    if (!t) throw new Error('sandbox: no such transaction');
    const providerRefundId = await this.ledger.refund(t.providerRef, ctx.requestId, ctx.amountMinor, this.clock.now());
    return { outcome: 'refunded', providerRefundId };
  }

  verifyCallback(callback: ReceivedCallback, credentials: Record<string, string>, now: Date): CallbackVerification {
    const { rawBody, headers } = callback;
    if (callback.method !== 'POST') return { outcome: 'refused', reason: 'sandbox callbacks are POSTed' };
    const header = headers[SANDBOX_SIGNATURE_HEADER];
    const signature = verifySandboxSignature(credentials.secret ?? '', rawBody, Array.isArray(header) ? header[0] : header, now);
    if (!signature.ok) return { outcome: 'refused', reason: signature.reason };
    const fields = bodyFields(headers['content-type'], rawBody);
    if (!fields) return { outcome: 'refused', reason: 'body is neither a form nor a JSON object' };
    const read = readSandboxNotification(fields);
    if (!read.ok) return { outcome: 'refused', reason: read.reason };
    const n = read.notification;
    if (callback.pathRef !== null && callback.pathRef !== n.paymentId) {
      return { outcome: 'refused', reason: 'the payment in the path is not the one signed in the body' };
    }
    return { outcome: 'verified', providerTxnId: n.providerTxnId, paymentId: n.paymentId, amountMinor: n.amountMinor, currency: n.currency, status: n.status };
  }

  acknowledge(): CallbackAcknowledgement {
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ received: true }) };
  }
}
