import type { IncomingHttpHeaders } from 'node:http';

/**
 * The port every payment provider implements: the built-in sandbox, epay (MD5 over sorted
 * parameters), Alipay (RSA2) and Stripe (a webhook signature over the raw body). A provider is
 * stateless: what it needs of a channel (decrypted credentials, settings) comes in each call.
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
  /**
   * Absolute URL of our callback endpoint for this payment: PUBLIC_BASE_URL +
   * /api/payments/callbacks/<channel>/<paymentId>. The payment id in the path is handed back to
   * verifyCallback as `pathRef`, so a notify replayed to another payment's URL can be refused.
   */
  notifyUrl: string;
  /** Absolute URL the buyer's browser returns to after paying. */
  returnUrl: string;
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
  /** Aborted when the caller stops waiting (the channel's timeout): cancel the request. */
  signal: AbortSignal;
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
  /** Aborted when the caller stops waiting: cancel the request. */
  signal: AbortSignal;
}

export type ProviderRefund =
  | { outcome: 'refunded'; providerRefundId: string }
  | { outcome: 'unsupported'; reason: string };

/** A callback exactly as it arrived: signatures are checked over these bytes, never a re-encoding. */
export interface ReceivedCallback {
  method: 'GET' | 'POST';
  /** The body's bytes (empty for a GET). */
  rawBody: Buffer;
  /** The query string as received, without the '?' ('' when there is none). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** The reference in the path, /api/payments/callbacks/<channel>/<pathRef>; null when absent. */
  pathRef: string | null;
}

export interface VerifiedNotification {
  providerTxnId: string;
  paymentId: string;
  amountMinor: number;
  currency: string;
  status: 'succeeded' | 'failed';
}

/**
 * - verified: a genuine report on one of our payments, to be stored and settled;
 * - ignored: genuine (the signature checked) but nothing to act on, e.g. a "waiting for payment"
 *   status or a webhook event type we do not use: acknowledged so the provider stops sending it,
 *   nothing stored;
 * - refused: not genuine or not readable: 400, nothing stored.
 */
export type CallbackVerification =
  | ({ outcome: 'verified' } & VerifiedNotification)
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'refused'; reason: string };

/** The result of the admin's "test this channel": a harmless authenticated call to the provider. */
export interface ChannelTestResult {
  ok: boolean;
  /** What was tried and what came back, for the admin; never a credential. */
  detail: string;
}

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
  /** Problems with a channel's currency for this provider (e.g. epay and Alipay take CNY only). */
  currencyProblems(currency: string): string[];
  /**
   * A harmless call that proves the credentials and the provider's address work (e.g. querying a
   * payment that does not exist and getting a signed "not found"). Never throws.
   */
  testChannel(channel: ProviderChannel, signal: AbortSignal): Promise<ChannelTestResult>;

  createPayment(ctx: CreatePaymentContext): Promise<CreatedPayment>;
  queryPayment(ctx: QueryPaymentContext): Promise<ProviderPaymentState>;
  refund(ctx: RefundContext): Promise<ProviderRefund>;

  /**
   * Checks a callback's signature over the exact bytes received and reads it. Never throws.
   * `channel` is the receiving channel (its code and settings: e.g. Stripe's webhook tolerance, and
   * telling apart events of another channel on the same provider account).
   */
  verifyCallback(callback: ReceivedCallback, credentials: Record<string, string>, now: Date, channel: Pick<ProviderChannel, 'code' | 'settings'>): CallbackVerification;
  acknowledge(): CallbackAcknowledgement;
}
