import { Injectable } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { outcomeOfStatus, type AttemptOutcome } from '../domain/retry-schedule';
import type { ResolvedTarget } from './target-guard';

export interface TransportResult {
  outcome: Exclude<AttemptOutcome, 'refused'>;
  statusCode: number | null;
  error: string | null;
  /** The start of the answer's body (text), at most SNIPPET_CHARS characters. */
  snippet: string | null;
}

export const SNIPPET_CHARS = 1000;
const READ_BYTES = 4096;

/**
 * POSTs one webhook: to the address the target guard checked (the host name still goes in the
 * Host header and, for https, in SNI and certificate checks), with one deadline for the whole
 * exchange, no redirects followed, no connection reuse, and at most a few KB of the answer read.
 */
@Injectable()
export class WebhookTransport {
  post(input: { url: string; target: ResolvedTarget; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<TransportResult> {
    const url = new URL(input.url);
    const pinned: LookupFunction = (_hostname, options, callback) => {
      const { address, family } = input.target;
      if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const payload = Buffer.from(input.body, 'utf8');
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      let timedOut = false;
      let statusCode: number | null = null;
      const chunks: Buffer[] = [];
      let read = 0;
      const finish = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      };
      const answered = () =>
        finish({ outcome: outcomeOfStatus(statusCode as number), statusCode, error: null, snippet: snippetOf(Buffer.concat(chunks)) });

      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        headers: { ...input.headers, 'Content-Length': String(payload.length) },
        lookup: pinned,
        agent: false,
      });
      const deadline = setTimeout(() => {
        timedOut = true;
        request.destroy(new Error(`no answer within ${input.timeoutMs} ms`));
      }, input.timeoutMs);

      request.on('response', (response) => {
        statusCode = response.statusCode ?? 0;
        response.on('data', (chunk: Buffer) => {
          if (read >= READ_BYTES) return;
          chunks.push(chunk.subarray(0, READ_BYTES - read));
          read += chunk.length;
          if (read >= READ_BYTES) {
            answered();
            response.destroy();
          }
        });
        response.on('end', answered);
        response.on('error', answered); // the status line came: that is the answer
        response.on('close', answered);
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (statusCode !== null) return answered();
        finish({
          outcome: timedOut ? 'timeout' : 'network_error',
          statusCode: null,
          error: timedOut ? `timeout: no answer within ${input.timeoutMs} ms` : describe(error),
          snippet: null,
        });
      });
      request.end(payload);
    });
  }
}

function snippetOf(body: Buffer): string | null {
  if (body.length === 0) return null;
  return body.toString('utf8').replace(/\uFFFD+$/, '').slice(0, SNIPPET_CHARS);
}

/** The error's code and message (socket errors name an address and port, never the URL's query). */
function describe(error: NodeJS.ErrnoException): string {
  const text = error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
  return text.slice(0, 500);
}
