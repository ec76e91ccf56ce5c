import Stripe from 'stripe';
import type { ProviderChannel } from '../payment-provider';
import { stripeSettingsOf } from './stripe-settings';

/** Each request gives up after this long; the router's own timeout is usually shorter for creates. */
const REQUEST_TIMEOUT_MS = 10_000;
/** One retry of a network failure or a 5xx/409 (POSTs carry an idempotency key, so a retry never charges twice). */
const NETWORK_RETRIES = 1;

/**
 * A failed Stripe call: what we were doing and what Stripe said (its HTTP status, error code and
 * message), never the key. The status and code let the provider tell "no such session" or "bad key"
 * from an outage.
 */
export class StripeCallError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly code: string | null,
    readonly type: string | null,
  ) {
    super(message);
    this.name = 'StripeCallError';
  }
}

/**
 * A client for one call, with the channel's key and API address. Made per call (it is cheap) so
 * that the call's abort signal can cancel its HTTP request and no key outlives the call in memory.
 */
export function stripeClient(channel: ProviderChannel, signal?: AbortSignal): Stripe {
  const { apiBase } = stripeSettingsOf(channel.settings);
  const https = apiBase.protocol === 'https:';
  return new Stripe(channel.credentials.secretKey ?? '', {
    host: apiBase.hostname,
    port: apiBase.port || (https ? 443 : 80),
    protocol: https ? 'https' : 'http',
    timeout: REQUEST_TIMEOUT_MS,
    maxNetworkRetries: NETWORK_RETRIES,
    telemetry: false,
    httpClient: Stripe.createFetchHttpClient(signal ? fetchUntil(signal) : undefined),
  });
}

/**
 * Runs one call: an abort answers at once (the request itself is cancelled by the client's fetch),
 * and any failure becomes a StripeCallError saying what failed.
 */
export async function callStripe<T>(what: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await (signal ? untilAborted(signal, call()) : call());
  } catch (e) {
    if (signal?.aborted) throw new StripeCallError(`stripe: ${what} was abandoned: the caller stopped waiting`, null, null, null);
    throw failure(what, e);
  }
}

/** Stripe's messages may quote a key ("Invalid API Key provided: sk_test_****1234"): keys never leave this file. */
export function redactKeys(text: string): string {
  return text.replace(/\b(sk|rk|pk)_(live|test)_[0-9A-Za-z*]*/g, '[key]').replace(/\bwhsec_[0-9A-Za-z+/=*]*/g, '[secret]');
}

function failure(what: string, e: unknown): StripeCallError {
  if (e instanceof Stripe.errors.StripeError) {
    const status = typeof e.statusCode === 'number' ? e.statusCode : null;
    const code = e.code ?? null;
    const said = [status, code ?? e.type].filter((part) => part !== null).join(' ');
    return new StripeCallError(`stripe: ${what} failed: ${said}: ${redactKeys(e.message)}`, status, code, e.type);
  }
  return new StripeCallError(`stripe: ${what} failed: ${redactKeys(e instanceof Error ? e.message : String(e))}`, null, null, null);
}

function fetchUntil(signal: AbortSignal): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
