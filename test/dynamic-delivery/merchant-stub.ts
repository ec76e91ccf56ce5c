import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the merchant answers the next calls. */
export type MerchantMode =
  | { kind: 'items'; delayMs?: number }
  | { kind: 'fixed-items'; items: string[] }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'raw'; body: string }
  | { kind: 'count'; count: number };

export interface SeenRequest {
  method: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: { orderNo?: string; goodsId?: string; quantity?: number; requestId?: string; [key: string]: unknown };
  /** The signature checked by this merchant's own HMAC code (not the shop's). */
  signatureValid: boolean;
  signedAt: number | null;
}

/**
 * A merchant's dynamic-delivery endpoint on 127.0.0.1, written the way a merchant would: it checks
 * `X-CardShop-Signature` with its own HMAC-SHA256 over "<t>.<raw body>", and answers the same
 * items to a repeated requestId (as the contract asks of merchants).
 */
export class MerchantStub {
  mode: MerchantMode = { kind: 'items' };
  readonly requests: SeenRequest[] = [];
  private readonly issued = new Map<string, string[]>();
  private readonly prefix = `DYN-${randomUUID().slice(0, 6)}`;
  private server?: Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/card-shop/deliver`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(mode: MerchantMode = { kind: 'items' }): void {
    this.mode = mode;
    this.requests.length = 0;
  }

  /** The items this merchant issued for a request id (what the buyer should receive). */
  itemsFor(requestId: string): string[] | undefined {
    return this.issued.get(requestId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const header = req.headers['x-cardshop-signature'];
    const signature = verifySignature(this.secret, typeof header === 'string' ? header : '', rawBody);
    let body: SeenRequest['body'] = {};
    try {
      body = JSON.parse(rawBody);
    } catch {
      // recorded as is
    }
    this.requests.push({ method: req.method ?? '', headers: req.headers, rawBody, body, signatureValid: signature.valid, signedAt: signature.t });
    if (!signature.valid) return json(res, 401, { error: 'bad signature' });

    const mode = this.mode;
    switch (mode.kind) {
      case 'hang':
        return; // never answers; the shop's timeout must end the call
      case 'status':
        res.writeHead(mode.status, { 'Content-Type': 'text/plain' }).end(mode.body);
        return;
      case 'raw':
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(mode.body);
        return;
      case 'count':
        return json(res, 200, { items: Array.from({ length: mode.count }, (_, i) => `${this.prefix}-WRONG-${i}`) });
      case 'fixed-items':
        return json(res, 200, { items: mode.items });
      case 'items': {
        if (mode.delayMs) await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
        const requestId = String(body.requestId);
        const items = this.issued.get(requestId) ?? Array.from({ length: Number(body.quantity) }, (_, i) => `${this.prefix}-${requestId.slice(0, 8)}-${i + 1}`);
        this.issued.set(requestId, items);
        return json(res, 200, { items });
      }
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** The merchant's side of the contract: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
export function verifySignature(secret: string, header: string, rawBody: string): { valid: boolean; t: number | null } {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { valid: false, t: null };
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return { valid: timingSafeEqual(expected, Buffer.from(v1, 'hex')), t };
}
