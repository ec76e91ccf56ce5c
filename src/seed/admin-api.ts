/** A reply of the shop's admin API. */
export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The shop's own admin HTTP API as the seed calls it: the same routes, validation and jobs an admin
 * in the console goes through. Any answer the seed did not expect stops it with the shop's message.
 */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get(path: string): Promise<ApiReply> {
    return this.call('GET', path);
  }

  post(path: string, body: unknown, contentType = 'application/json'): Promise<ApiReply> {
    return this.call('POST', path, contentType === 'application/json' ? JSON.stringify(body) : String(body), contentType);
  }

  /** The body of a reply with the expected status; anything else is an error naming the call. */
  expect(reply: ApiReply, status: number, what: string): Record<string, unknown> {
    if (reply.status !== status) throw new Error(`${what}: the shop answered ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  private async call(method: string, path: string, body?: string, contentType?: string): Promise<ApiReply> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (contentType) headers['Content-Type'] = contentType;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
}
