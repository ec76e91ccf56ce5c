import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdminAccounts } from '../../src/platform/auth/admin-accounts';
import { loadConfig } from '../../src/platform/config/app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import type { ShopProcess } from '../support/processes';
import { sandboxChannelBody } from '../../src/seed/sandbox-channel-body';

/**
 * What the scale-out and shutdown tests do to a cluster of shop processes, over real HTTP like a
 * storefront, an admin and a payment provider would; and the test's own view of the database.
 */

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(
  node: ShopProcess,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; json?: unknown; form?: Record<string, string>; text?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    body = options.text;
  }
  const res = await fetch(`${node.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function expectStatus(reply: Promise<Reply>, status: number, what: string): Promise<Record<string, unknown>> {
  const res = await reply;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The test's own connection to the cluster's database (never the processes' pools). */
export async function openDatabase(): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(loadConfig({ ...process.env, DATABASE_POOL_SIZE: '4' })));
  return dataSource.initialize();
}

/** An owner's bearer token, made directly in the database as `npm run admin:create` does. */
export async function ownerToken(dataSource: DataSource): Promise<string> {
  const created = await new AdminAccounts(dataSource.manager, () => new Date()).create({
    email: `owner-${randomUUID().slice(0, 8)}@scale.test`,
    roles: ['owner'],
  });
  return created.token;
}

/**
 * Events and dead letters from earlier test files are not this cluster's business: its relay
 * would pick up their unrelayed events. The cluster starts with none (as other e2e files do).
 */
export async function clearPlatformEvents(dataSource: DataSource): Promise<void> {
  await dataSource.query(`TRUNCATE platform.outbox, platform.inbox, platform.dead_letters`);
}

export async function sandboxChannel(node: ShopProcess, token: string): Promise<string> {
  const code = `scale-${randomBytes(3).toString('hex')}`;
  await expectStatus(
    call(node, 'POST', '/admin/payments/channels', {
      token,
      json: sandboxChannelBody(code, { priority: 1 }),
    }),
    201,
    'create the sandbox channel',
  );
  return code;
}

/** A goods item on sale (auto delivery unless `fields` say otherwise); returns its id. */
export async function goods(node: ShopProcess, token: string, fields: Record<string, unknown> = {}): Promise<string> {
  const run = randomBytes(3).toString('hex');
  const category = await expectStatus(call(node, 'POST', '/admin/categories', { token, json: { name: `Scale ${run}`, slug: `scale-${run}` } }), 201, 'category');
  const created = await expectStatus(
    call(node, 'POST', '/admin/goods', {
      token,
      json: {
        categoryId: category.id,
        title: `Scale card ${run}`,
        priceMinor: 1000,
        currency: 'CNY',
        deliveryType: 'auto',
        onSale: true,
        maxPerOrder: 10,
        ...fields,
      },
    }),
    201,
    'goods',
  );
  return created.id as string;
}

/** Uploads card keys and waits for a worker to import them all. */
export async function importKeys(node: ShopProcess, token: string, goodsId: string, count: number, withinMs: number): Promise<void> {
  const run = randomBytes(4).toString('hex');
  const text = Array.from({ length: count }, (_, i) => `SCALE-${run}-${String(i).padStart(5, '0')}`).join('\n');
  const upload = await expectStatus(call(node, 'POST', `/admin/card-keys/goods/${goodsId}/imports`, { token, text: `${text}\n` }), 202, 'key import');
  const deadline = Date.now() + withinMs;
  for (;;) {
    const batch = await expectStatus(call(node, 'GET', `/admin/card-keys/imports/${String(upload.batchId)}`, { token }), 200, 'import batch');
    if (batch.status === 'completed') {
      if (batch.imported !== count) throw new Error(`expected ${count} keys imported, got ${JSON.stringify(batch)}`);
      return;
    }
    if (batch.status === 'failed' || Date.now() > deadline) throw new Error(`key import did not complete: ${JSON.stringify(batch)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface PlacedOrder {
  orderId: string;
  orderNo: string;
  paymentId: string;
  quantity: number;
}

export async function placeOrder(node: ShopProcess, goodsId: string, quantity: number, channel: string, contact: string): Promise<PlacedOrder> {
  const body = await expectStatus(
    call(node, 'POST', '/api/orders', { json: { goodsId, quantity, channel, contact, queryPassword: 'open-sesame' } }),
    201,
    `order on ${node.name}`,
  );
  const payment = body.payment as { paymentId: string };
  return { orderId: body.orderId as string, orderNo: body.orderNo as string, paymentId: payment.paymentId, quantity };
}

/**
 * Pays on the sandbox's hosted page served by `node`; the sandbox then sends its signed callback
 * to that same node. Paying again re-sends the same callback (a provider's retry).
 */
export async function payOnSandbox(node: ShopProcess, paymentId: string): Promise<void> {
  const res = await call(node, 'POST', `/api/payments/sandbox/pay/${paymentId}`, { form: {} });
  const callback = res.headers.get('x-sandbox-callback-status');
  if (res.status !== 200 || callback !== '200') {
    throw new Error(`pay ${paymentId} on ${node.name}: page ${res.status}, callback answered ${callback}`);
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const at = next++;
        await work(items[at], at);
      }
    }),
  );
}

/** Sums a Prometheus counter's samples whose labels contain every `labels` pair. */
export async function counterSum(node: ShopProcess, metric: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${node.baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
