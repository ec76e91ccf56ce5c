import type { IncomingHttpHeaders } from 'node:http';

/**
 * The port every payment provider implements: the built-in sandbox now; epay (MD5 over sorted
 * parameters), Alipay (RSA2) and Stripe (a webhook signature over the raw body) later. A provider
 * is stateless: what it needs of a channel (decrypted credentials, settings) comes in each call.
 */

/** A channel as a provider sees it. Credentials are decrypted; never log them. */
export interface ProviderChannel {
  id: string;
  code: string;
  credentials: Record<string, string>;
  /** The channel's provider-specific settings (the routing ones are taken out). */
  settings: Record<string, unknown>;
}

export interface CreatePaymentContext {
  channel: ProviderChannel;
  /** Our payment id: the merchant order number the provider knows us by ("out_trade_no"). */
  paymentId: string;
  orderNo: string;
  amountMinor: number;
  currency: string;
  subject: string;
  expiresAt: Date;
  /** Path of our callback endpoint for this channel (prefix with the public base URL). */
  notifyPath: string;
  returnUrl?: string;
  clientIp?: string;
  /** Aborted when the router gave up on this call (timeout): stop waiting, clean up. */
  signal: AbortSignal;
}

export interface CreatedPayment {
  /** The provider's reference of the payment (its trade number, session or intent id). */
  providerRef: string;
  payUrl?: string;
  qrContent?: string;
}

export interface QueryPaymentContext {
  channel: ProviderChannel;
  paymentId: string;
  providerRef: string | null;
}

export interface ProviderPaymentState {
  status: 'pending' | 'succeeded' | 'failed' | 'not_found';
  providerTxnId?: string;
  amountMinor?: number;
  currency?: string;
}

export interface RefundContext {
  channel: ProviderChannel;
  paymentId: string;
  providerRef: string | null;
  providerTxnId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  /** Stable for one refund of one payment: a retried refund must not pay out twice. */
  requestId: string;
}

export type ProviderRefund =
  | { outcome: 'refunded'; providerRefundId: string }
  | { outcome: 'unsupported'; reason: string };

export type CallbackVerification =
  | {
      ok: true;
      providerTxnId: string;
      paymentId: string;
      amountMinor: number;
      currency: string;
      status: 'succeeded' | 'failed';
    }
  | { ok: false; reason: string };

/** What to answer the provider once a callback is stored (epay and Alipay want "success", Stripe a 2xx). */
export interface CallbackAcknowledgement {
  status: number;
  contentType: string;
  body: string;
}

export interface PaymentProvider {
  /** The `provider` value of a channel: 'sandbox', 'epay', 'alipay', 'stripe'. */
  readonly name: string;
  /** A provider that moves no real money: refused for enabled channels in production. */
  readonly testOnly: boolean;

  /** Problems with a channel's credentials (field names only, never values). */
  credentialProblems(credentials: Record<string, string>): string[];
  /** Problems with the provider's part of a channel's settings; unknown keys are problems too. */
  settingProblems(settings: Record<string, unknown>): string[];

  createPayment(ctx: CreatePaymentContext): Promise<CreatedPayment>;
  queryPayment(ctx: QueryPaymentContext): Promise<ProviderPaymentState>;
  refund(ctx: RefundContext): Promise<ProviderRefund>;

  /** Checks a callback's signature over the exact bytes received and reads it. Never throws. */
  verifyCallback(rawBody: Buffer, headers: IncomingHttpHeaders, credentials: Record<string, string>, now: Date): CallbackVerification;
  acknowledge(): CallbackAcknowledgement;
}
