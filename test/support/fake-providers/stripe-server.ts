import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FormObject, formList, formObject, formString, parseStripeForm } from './stripe-form';
import { stripeSignatureHeader } from './stripe-webhook-signer';

/**
 * A fake Stripe account on 127.0.0.1, speaking the v1 API's wire format for what the shop uses:
 * - POST /v1/checkout/sessions (form-encoded, bracket notation), GET /v1/checkout/sessions/:id,
 *   POST /v1/refunds, GET /v1/balance;
 * - `Authorization: Bearer <secret key>` checked (401 with Stripe's error body otherwise);
 * - `Idempotency-Key` honoured as Stripe does: the same key and parameters replay the first
 *   answer, the same key with other parameters is a 400 idempotency_error;
 * - parameters checked as the API version the SDK pins does (unknown ones are refused);
 * and, for tests, `pay()`: the buyer pays a session, and the account POSTs the signed
 * `checkout.session.completed` event to a webhook URL, signed by stripe-webhook-signer.ts.
 */

export interface FakeStripeAccount {
  secretKey: string;
  webhookSecret: string;
}

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  adaptive_pricing: { enabled: boolean };
  allowed_payment_method_types: string[] | null;
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: 'payment';
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid';
  status: 'open' | 'complete' | 'expired';
  success_url: string | null;
  url: string | null;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  reason: string | null;
  metadata: Record<string, string>;
  status: 'succeeded';
  created: number;
}

/** A request as the fake received it, for tests to look at. */
export interface FakeStripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  form: FormObject;
}

export interface PayOptions {
  /** Where the account's webhook endpoint is; null: the event is never delivered (a lost webhook). */
  webhookUrl: string | null;
  /** Signed as sent (a genuine event): another event type, or a payment still processing. */
  eventType?: string;
  paymentStatus?: 'paid' | 'unpaid';
  /** Signed this many seconds ago (an old event replayed). */
  signedSecondsAgo?: number;
  /** Signed with this secret instead of the endpoint's: a forgery. */
  signingSecret?: string;
  /** Session fields changed after signing: a tampered body. */
  tamper?: Partial<Pick<FakeCheckoutSession, 'amount_total' | 'client_reference_id' | 'currency'>>;
}

export interface WebhookDelivery {
  event: Record<string, unknown>;
  payload: string;
  signature: string;
  /** The shop's answer; null when nothing was delivered. */
  answer: { status: number; body: string } | null;
}

interface PaymentIntent {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  status: 'processing' | 'succeeded' | 'requires_payment_method';
  refunded: number;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);
const SESSION_PARAMS = new Set([
  'mode',
  'line_items',
  'client_reference_id',
  'metadata',
  'payment_intent_data',
  'success_url',
  'cancel_url',
  'expires_at',
  'adaptive_pricing',
  'allowed_payment_method_types',
]);
const REFUND_PARAMS = new Set(['payment_intent', 'amount', 'reason', 'metadata']);
const REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const unixNow = () => Math.floor(Date.now() / 1000);
const invalid = (message: string, param?: string, code = 'parameter_invalid') =>
  new StripeApiError(400, { type: 'invalid_request_error', message, code, ...(param ? { param } : {}) });

export class FakeStripe {
  readonly requests: FakeStripeRequest[] = [];
  readonly refunds: FakeRefund[] = [];
  /** Requests the client gave up on while the fake held them (hangRequests). */
  abandonedRequests = 0;
  private readonly sessions = new Map<string, FakeCheckoutSession>();
  /** payment_intent_data.metadata by session: the PaymentIntent is only made when the buyer pays. */
  private readonly intentMetadata = new Map<string, Record<string, string>>();
  private readonly intents = new Map<string, PaymentIntent>();
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  private hanging = false;
  private server?: Server;
  private baseUrl = '';

  constructor(readonly account: FakeStripeAccount) {}

  /** The API origin a channel's `apiBase` setting points at. */
  get url(): string {
    return this.baseUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forgets every session, refund and request (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.refunds.length = 0;
    this.abandonedRequests = 0;
    this.hanging = false;
    this.sessions.clear();
    this.intentMetadata.clear();
    this.intents.clear();
    this.idempotent.clear();
  }

  /** While on, API requests get no answer: the client has to give up by itself. */
  hangRequests(on: boolean): void {
    this.hanging = on;
  }

  session(id: string): FakeCheckoutSession | undefined {
    return this.sessions.get(id);
  }

  /** The metadata the session's PaymentIntent was created with (payment_intent_data.metadata). */
  paymentIntentMetadata(sessionId: string): Record<string, string> | undefined {
    return this.intentOf(sessionId)?.metadata;
  }

  /**
   * The buyer pays the session (or, with paymentStatus 'unpaid', starts a payment that is still
   * processing) and the account sends the event, as Stripe does, unless webhookUrl is null.
   * Paying again re-sends the event of the same payment.
   */
  async pay(sessionId: string, options: PayOptions): Promise<WebhookDelivery> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe: no session ${sessionId}`);
    const paid = (options.paymentStatus ?? 'paid') === 'paid';
    const intent = this.intentOf(sessionId) ?? this.newIntent(session);
    if (paid) intent.status = 'succeeded';
    session.payment_intent = intent.id;
    session.status = 'complete';
    session.payment_status = paid ? 'paid' : 'unpaid';
    return this.sendEvent(options.eventType ?? 'checkout.session.completed', session, options);
  }

  /** An asynchronous payment (a bank debit) that was processing fails: the account sends async_payment_failed. */
  async failAsyncPayment(sessionId: string, webhookUrl: string): Promise<WebhookDelivery> {
    const session = this.sessions.get(sessionId);
    const intent = this.intentOf(sessionId);
    if (!session || !intent) throw new Error(`fake Stripe: session ${sessionId} has no payment processing`);
    intent.status = 'requires_payment_method';
    return this.sendEvent('checkout.session.async_payment_failed', session, { webhookUrl });
  }

  /** The session passes its expires_at unpaid. */
  expire(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe: no session ${sessionId}`);
    session.status = 'expired';
    session.url = null;
  }

  /** Sends an event's exact bytes and header again (a replay, a resend from the Dashboard). */
  async redeliver(delivery: WebhookDelivery, webhookUrl: string): Promise<{ status: number; body: string }> {
    return this.post(webhookUrl, delivery.payload, delivery.signature);
  }

  // --- the webhook -------------------------------------------------------------------------

  private async sendEvent(type: string, session: FakeCheckoutSession, options: PayOptions): Promise<WebhookDelivery> {
    const created = unixNow();
    const event = {
      id: newId('evt_'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created,
      data: { object: { ...session } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    // Stripe sends its events pretty-printed; the signature covers these exact bytes.
    const signedPayload = JSON.stringify(event, null, 2);
    const signature = stripeSignatureHeader(options.signingSecret ?? this.account.webhookSecret, signedPayload, created - (options.signedSecondsAgo ?? 0));
    const payload = options.tamper
      ? JSON.stringify({ ...event, data: { object: { ...session, ...options.tamper } } }, null, 2)
      : signedPayload;
    const answer = options.webhookUrl === null ? null : await this.post(options.webhookUrl, payload, signature);
    return { event, payload, signature, answer };
  }

  private async post(url: string, payload: string, signature: string): Promise<{ status: number; body: string }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': signature,
      },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: await res.text() };
  }

  // --- the API -----------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    if (this.hanging) {
      res.on('close', () => (this.abandonedRequests += 1));
      return;
    }
    try {
      this.authenticate(req);
      if (req.method === 'POST' && !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        throw invalid('Invalid request: POST bodies must be application/x-www-form-urlencoded');
      }
      if (!req.headers['stripe-version']) throw invalid('Stripe-Version header missing');
      let form: FormObject;
      try {
        form = parseStripeForm(body);
      } catch (e) {
        throw invalid((e as Error).message);
      }
      this.requests.push({ method: req.method ?? '', path, idempotencyKey, form });
      const replayKey = req.method === 'POST' && idempotencyKey ? `${this.account.secretKey}:${idempotencyKey}` : null;
      const fingerprint = `${req.method} ${path} ${body}`;
      const earlier = replayKey ? this.idempotent.get(replayKey) : undefined;
      if (earlier && earlier.fingerprint !== fingerprint) {
        throw new StripeApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
      }
      if (earlier) return this.send(res, earlier.status, earlier.body, { 'idempotent-replayed': 'true' });
      const answer = JSON.stringify(this.route(req.method ?? '', path, form));
      if (replayKey) this.idempotent.set(replayKey, { fingerprint, status: 200, body: answer });
      this.send(res, 200, answer);
    } catch (e) {
      const error = e instanceof StripeApiError ? e : new StripeApiError(500, { type: 'api_error', message: `fake Stripe failed: ${(e as Error).message}` });
      this.send(res, error.status, JSON.stringify({ error: error.body }));
    }
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req_'), ...headers }).end(body);
  }

  private authenticate(req: IncomingMessage): void {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (!match) {
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.',
      });
    }
    if (match[1] !== this.account.secretKey) {
      // As Stripe does: the key's start and its last four characters, the rest masked.
      const key = match[1];
      const masked = `${key.slice(0, 8)}${'*'.repeat(Math.max(key.length - 12, 0))}${key.slice(-4)}`;
      throw new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` });
    }
  }

  private route(method: string, path: string, form: FormObject): unknown {
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(form);
    const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === 'GET' && session) return this.retrieveSession(decodeURIComponent(session[1]));
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(form);
    if (method === 'GET' && path === '/v1/balance') {
      const funds = [{ amount: 0, currency: 'usd', source_types: { card: 0 } }];
      return { object: 'balance', available: funds, pending: funds, livemode: false };
    }
    throw new StripeApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  private createSession(form: FormObject): FakeCheckoutSession {
    for (const key of Object.keys(form)) if (!SESSION_PARAMS.has(key)) throw invalid(`Received unknown parameter: ${key}`, key, 'parameter_unknown');
    if (form.mode !== 'payment') throw invalid('Invalid mode: the fake takes payment mode only', 'mode');
    const items = formList(form.line_items);
    if (!items || items.length !== 1) throw invalid('The fake takes exactly one line item', 'line_items');
    const item = formObject(items[0]);
    const price = formObject(item?.price_data);
    const currency = formString(price?.currency) ?? '';
    const unitAmount = integer(formString(price?.unit_amount), 'line_items[0][price_data][unit_amount]');
    const quantity = integer(formString(item?.quantity), 'line_items[0][quantity]');
    if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}. Stripe currently supports these currencies: usd, eur, jpy, ...`, 'line_items[0][price_data][currency]');
    if (!formString(formObject(price?.product_data)?.name)) throw invalid('Missing required param: line_items[0][price_data][product_data][name].', 'line_items[0][price_data][product_data][name]', 'parameter_missing');
    const total = unitAmount * quantity;
    if (THREE_DECIMAL.has(currency) && total % 10 !== 0) throw invalid('Invalid amount: three-decimal currencies need 0 as the last digit.', 'line_items[0][price_data][unit_amount]', 'amount_invalid');
    const successUrl = url(form.success_url, 'success_url');
    const cancelUrl = form.cancel_url === undefined ? null : url(form.cancel_url, 'cancel_url');
    const clientReferenceId = formString(form.client_reference_id) ?? null;
    if (clientReferenceId !== null && clientReferenceId.length > 200) throw invalid('client_reference_id is longer than 200 characters', 'client_reference_id');
    const created = unixNow();
    const expiresAt = form.expires_at === undefined ? created + 24 * 3600 : integer(formString(form.expires_at), 'expires_at');
    if (expiresAt < created + 30 * 60) throw invalid('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');
    if (expiresAt > created + 24 * 3600) throw invalid('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');
    const methods = form.allowed_payment_method_types === undefined ? null : formList(form.allowed_payment_method_types)?.map(String) ?? null;
    const id = newId('cs_test_');
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      adaptive_pricing: { enabled: formString(formObject(form.adaptive_pricing)?.enabled) !== 'false' },
      allowed_payment_method_types: methods,
      amount_subtotal: total,
      amount_total: total,
      cancel_url: cancelUrl,
      client_reference_id: clientReferenceId,
      created,
      currency,
      expires_at: expiresAt,
      livemode: false,
      metadata: metadata(form.metadata, 'metadata'),
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: successUrl,
      url: `https://checkout.stripe.com/c/pay/${id}`,
    };
    this.sessions.set(id, session);
    this.intentMetadata.set(id, metadata(formObject(form.payment_intent_data)?.metadata, 'payment_intent_data[metadata]'));
    return session;
  }

  private retrieveSession(id: string): FakeCheckoutSession {
    const session = this.sessions.get(id);
    if (!session) throw new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'session', message: `No such checkout.session: '${id}'` });
    return session;
  }

  private createRefund(form: FormObject): FakeRefund {
    for (const key of Object.keys(form)) if (!REFUND_PARAMS.has(key)) throw invalid(`Received unknown parameter: ${key}`, key, 'parameter_unknown');
    const intentId = formString(form.payment_intent);
    if (!intentId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.', 'payment_intent', 'parameter_missing');
    const intent = this.intents.get(intentId);
    if (!intent) throw new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message: `No such payment_intent: '${intentId}'` });
    if (intent.status !== 'succeeded') throw invalid(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
    const left = intent.amount - intent.refunded;
    if (left === 0) throw invalid(`Charge for PaymentIntent ${intentId} has already been refunded.`, undefined, 'charge_already_refunded');
    const amount = form.amount === undefined ? left : integer(formString(form.amount), 'amount');
    if (amount <= 0) throw invalid('Invalid positive integer', 'amount');
    if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount', 'amount_too_large');
    if (THREE_DECIMAL.has(intent.currency) && amount % 10 !== 0) throw invalid('Invalid amount: three-decimal currencies need 0 as the last digit.', 'amount', 'amount_invalid');
    const reason = formString(form.reason) ?? null;
    if (reason !== null && !REFUND_REASONS.has(reason)) throw invalid(`Invalid reason: must be one of ${[...REFUND_REASONS].join(', ')}`, 'reason');
    intent.refunded += amount;
    const refund: FakeRefund = {
      id: newId('re_'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      reason,
      metadata: metadata(form.metadata, 'metadata'),
      status: 'succeeded',
      created: unixNow(),
    };
    this.refunds.push(refund);
    return refund;
  }

  private newIntent(session: FakeCheckoutSession): PaymentIntent {
    const intent: PaymentIntent = {
      id: newId('pi_'),
      amount: session.amount_total,
      currency: session.currency,
      metadata: this.intentMetadata.get(session.id) ?? {},
      status: 'processing',
      refunded: 0,
    };
    this.intents.set(intent.id, intent);
    return intent;
  }

  private intentOf(sessionId: string): PaymentIntent | undefined {
    const id = this.sessions.get(sessionId)?.payment_intent;
    return id ? this.intents.get(id) : undefined;
  }
}

function integer(value: string | undefined, param: string): number {
  if (value === undefined || !/^\d{1,15}$/.test(value)) throw invalid(`Invalid integer: ${value ?? ''}`, param);
  return Number(value);
}

function url(value: unknown, param: string): string {
  try {
    if (typeof value === 'string' && /^https?:$/.test(new URL(value).protocol)) return value;
  } catch {
    // refused below
  }
  throw invalid('Not a valid URL', param, 'url_invalid');
}

function metadata(value: unknown, param: string): Record<string, string> {
  if (value === undefined) return {};
  const fields = formObject(value as FormObject);
  if (!fields || !Object.values(fields).every((v) => typeof v === 'string' && v.length <= 500)) throw invalid('Invalid metadata', param);
  return fields as Record<string, string>;
}

export async function startFakeStripe(account: FakeStripeAccount): Promise<FakeStripe> {
  return new FakeStripe(account).start();
}
