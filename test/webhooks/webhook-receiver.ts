import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received. */
  body: string;
  /** When it arrived (ms since the epoch, this process's clock). */
  at: number;
}

/** What the receiver does with the nth request (counted from 1). */
export type Reply = { status: number; body?: string } | 'hang' | 'reset' | 'echo';

/**
 * A merchant's webhook receiver: a real HTTP server on 127.0.0.1 that records every request and
 * answers as the test says (a status, an echo of the body, a hang that never answers, or a reset
 * connection).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  reply: (n: number, request: ReceivedRequest) => Reply = () => ({ status: 200, body: 'ok' });
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(reply?: WebhookReceiver['reply']): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    if (reply) receiver.reply = reply;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Waits (polling) until `count` requests have arrived. */
  async waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > until) throw new Error(`the receiver got ${this.requests.length} of ${count} requests in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      this.requests.push(request);
      const reply = this.reply(this.requests.length, request);
      if (reply === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      if (reply === 'echo') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(request.body);
        return;
      }
      res.writeHead(reply.status, { 'Content-Type': 'text/plain' }).end(reply.body ?? '');
    });
  }
}

/**
 * The receiver's side of the signature, written here independently of the shop's code, as the
 * README tells merchants: parse `t=<unix seconds>,v1=<hex>[,v1=<hex>]`, refuse a timestamp more
 * than `toleranceSeconds` away from now, and compare HMAC-SHA256(secret, "<t>.<raw body>") with
 * each v1 in constant time.
 */
export function verifyWebhook(input: { header: string | undefined; body: string; secret: string; nowSeconds?: number; toleranceSeconds?: number }): boolean {
  if (!input.header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of input.header.split(',')) {
    const at = part.indexOf('=');
    const [key, value] = [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1') signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(createHmac('sha256', input.secret).update(`${timestamp}.${input.body}`).digest('hex'), 'utf8');
  return signatures.some((s) => {
    const given = Buffer.from(s, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
