import { ClsService } from 'nestjs-cls';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { OpenPaymentInput, PaymentsFacade } from '../../src/modules/payments';
import { encodeSandboxNotification, SandboxNotification } from '../../src/modules/payments/domain/sandbox-notification';
import { signSandboxPayload } from '../../src/modules/payments/domain/sandbox-signature';
import { createChannelAsAdmin } from '../support/admin-channels';
import { bearer, type TestApp } from '../support/test-app';

export const PAYMENT_TABLES = `payments.sandbox_refunds, payments.sandbox_transactions, payments.refunds, payments.callbacks,
  payments.channel_attempts, payments.payments, payments.channels`;

export async function resetPayments(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE ${PAYMENT_TABLES}`);
}

export { bearer };

/** Runs a facade call the way a module would: inside a request-like context. */
export function payments<T>(shop: TestApp, call: (facade: PaymentsFacade) => Promise<T>): Promise<T> {
  return shop.app.get(ClsService).run(() => call(shop.app.get(PaymentsFacade)));
}

export const newSecret = () => randomBytes(24).toString('base64url');

export interface ChannelSpec {
  code?: string;
  priority?: number;
  currency?: string;
  minAmountMinor?: number;
  maxAmountMinor?: number | null;
  enabled?: boolean;
  feeBps?: number;
  feeFixedMinor?: number;
  secret?: string;
  settings?: Record<string, unknown>;
  displayName?: string;
}

/** Creates a sandbox channel through the admin API; returns its code and secret. */
export async function createChannel(shop: TestApp, token: string, spec: ChannelSpec = {}): Promise<{ code: string; secret: string }> {
  const code = spec.code ?? `sbx-${randomUUID().slice(0, 8)}`;
  const secret = spec.secret ?? newSecret();
  const { secret: _s, code: _c, ...rest } = spec;
  await createChannelAsAdmin(shop, token, { code, provider: 'sandbox', displayName: `Sandbox ${code}`, currency: 'CNY', credentials: { secret }, ...rest });
  return { code, secret };
}

export async function patchChannel(shop: TestApp, token: string, code: string, patch: Record<string, unknown>) {
  const res = await shop.http().patch(`/admin/payments/channels/${code}`).set(bearer(token)).send(patch);
  if (res.status !== 200) throw new Error(`channel update failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function paymentInput(over: Partial<OpenPaymentInput> = {}): OpenPaymentInput {
  return {
    orderId: randomUUID(),
    orderNo: `20261124-${randomBytes(4).toString('hex').toUpperCase()}`,
    amountMinor: 1999,
    currency: 'CNY',
    subject: 'Game card × 1',
    expiresAt: new Date(Date.now() + 15 * 60_000),
    ...over,
  };
}

/** A callback as the sandbox provider would sign it (or, with another secret, a forgery). */
export function signedCallback(secret: string, n: SandboxNotification, format: 'form' | 'json' = 'form', now = new Date()) {
  const { contentType, body } = encodeSandboxNotification(n, format);
  return { body, headers: { 'content-type': contentType, 'x-sandbox-signature': signSandboxPayload(secret, body, now) } };
}

export function postCallback(target: TestApp | string, channel: string, cb: { body: Buffer; headers: Record<string, string> }) {
  const agent = typeof target === 'string' ? request(target) : target.http();
  // As a string: superagent would re-encode a Buffer sent as a form, and the signature covers the exact bytes.
  return agent.post(`/api/payments/callbacks/${channel}`).set(cb.headers).send(cb.body.toString('utf8'));
}

export async function paymentRow(shop: TestApp, paymentId: string) {
  const [row] = await shop.dataSource.query(`SELECT * FROM payments.payments WHERE id = $1`, [paymentId]);
  return row as Record<string, unknown> & { status: string; provider_ref: string; amount_minor: string; channel: string };
}

export async function outboxOf(shop: TestApp, type: string) {
  return (await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = $1 ORDER BY seq`, [type])).map(
    (r: { payload: Record<string, unknown> }) => r.payload,
  ) as Array<Record<string, unknown>>;
}

export async function attemptsOf(shop: TestApp, channel: string) {
  return (await shop.dataSource.query(`SELECT outcome, payment_id FROM payments.channel_attempts WHERE channel = $1 ORDER BY id`, [
    channel,
  ])) as Array<{ outcome: string; payment_id: string }>;
}

/** Polls until the check passes (for breaker timers, which are real time); fails after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
