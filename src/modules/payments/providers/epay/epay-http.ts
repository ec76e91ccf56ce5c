/**
 * One HTTP call to the epay aggregator that answers JSON. Every call has a timeout and stops when
 * the caller's signal aborts; it is never retried (a refund sent twice could pay out twice).
 * Errors say what failed and where (the aggregator's origin), never the URL or body: the classic
 * api.php takes the merchant key as a parameter.
 */
export const EPAY_TIMEOUT_MS = 10_000;

export interface EpayCall {
  /** What the call is for, e.g. "order query", as the start of its error messages. */
  what: string;
  url: URL;
  /** A form to POST; without it the call is a GET. */
  form?: Record<string, string>;
  signal?: AbortSignal;
  /** Values that must never appear in an error message (the merchant key). */
  secrets: string[];
}

/** `text` with every secret in it masked, for messages built from what the aggregator said. */
export function withoutSecrets(text: string, secrets: string[]): string {
  return secrets.filter((s) => s !== '').reduce((masked, secret) => masked.split(secret).join('***'), text);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : 'unknown error';
}

export async function callEpay(call: EpayCall): Promise<Record<string, unknown>> {
  const timeout = AbortSignal.timeout(EPAY_TIMEOUT_MS);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const where = call.url.origin;
  const fail = (reason: string) => new Error(withoutSecrets(`epay ${call.what}: ${reason}`, call.secrets));
  let status: number;
  let body: string;
  try {
    const res = await fetch(call.url, {
      method: call.form ? 'POST' : 'GET',
      headers: { accept: 'application/json' },
      body: call.form ? new URLSearchParams(call.form) : undefined,
      // A redirect would carry the key to wherever it points: set apiBase to the final address.
      redirect: 'error',
      signal,
    });
    status = res.status;
    body = await res.text();
  } catch (e) {
    if (call.signal?.aborted) throw fail('abandoned (the caller stopped waiting)');
    if (timeout.aborted) throw fail(`no answer from ${where} within ${EPAY_TIMEOUT_MS} ms`);
    throw fail(`${where} could not be reached (${causeOf(e)})`);
  }
  if (status < 200 || status > 299) throw fail(`${where} answered HTTP ${status}`);
  let answer: unknown;
  try {
    // PHP pages sometimes start with a byte order mark or stray whitespace.
    answer = JSON.parse(body.replace(/^\uFEFF/, '').trim());
  } catch {
    throw fail(`the answer of ${where} is not JSON (is apiBase the epay aggregator?)`);
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw fail(`the answer of ${where} is not a JSON object`);
  return answer as Record<string, unknown>;
}
