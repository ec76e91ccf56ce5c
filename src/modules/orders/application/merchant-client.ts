import { Injectable } from '@nestjs/common';

export interface MerchantReply {
  status: number;
  body: string;
}

/** The call got no usable HTTP answer: timeout, connection refused, answer too large. */
export class MerchantUnreachableError extends Error {}

/**
 * POSTs to a merchant's URL and reads the answer, all of it within `timeoutMs` (a merchant that
 * sends headers and then stalls is a timeout too) and at most `maxBytes` of body. Redirects are
 * not followed: the signed call goes to the URL the admin set, nowhere else, and a 3xx is a
 * failure like any other non-200 answer.
 */
@Injectable()
export class MerchantClient {
  async post(input: { url: string; body: string; headers: Record<string, string>; timeoutMs: number; maxBytes: number }): Promise<MerchantReply> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), input.timeoutMs);
    try {
      const res = await fetch(input.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...input.headers },
        body: input.body,
        redirect: 'manual',
        signal: abort.signal,
      });
      return { status: res.status, body: await readCapped(res, input.maxBytes, abort) };
    } catch (error) {
      if (error instanceof MerchantUnreachableError) throw error;
      if (abort.signal.aborted) throw new MerchantUnreachableError(`no answer within ${input.timeoutMs} ms`);
      throw new MerchantUnreachableError(`could not reach the merchant (${reasonOf(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readCapped(res: Response, maxBytes: number, abort: AbortController): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      abort.abort();
      throw new MerchantUnreachableError(`the answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A short, secret-free reason: the system error code (ECONNREFUSED, ENOTFOUND, ...) when there is one. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message.slice(0, 200);
  return error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
}
