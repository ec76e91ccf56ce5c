/**
 * The buy flow over real HTTP: the app listens on 127.0.0.1 (ROLE=all, so the relay, the settlement
 * worker and the event deliveries run in this process) and is driven with node's http and a
 * keep-alive agent, like a storefront and a payment provider would.
 *
 *   1. Setup: an owner token, one sandbox channel, one auto-delivery goods item with K keys imported
 *      through POST /admin/card-keys/goods/:goodsId/imports (waits for the batch).
 *   2. Orders: for each concurrency C, C clients loop POST /api/orders (quantity 1, unique contact,
 *      a query password) for S seconds. Progress every second (with the pg pool's busy/waiting
 *      connections), then orders/s, latency p50/p95/p99, errors by status and SQL statements per order.
 *   3. Callbacks: one signed sandbox callback (status succeeded) per order created, from 32
 *      concurrent senders: acknowledgements/s; then the database is polled every second until every
 *      payment is succeeded (settled/s) and every order delivered (paid-to-delivered/s, from the first
 *      callback sent to the last order delivered), with p50/p99 of delivered_at - callback sent.
 *   4. pgbench (if installed): TPC-B for 20 s, -c 32 -j 2, on its own database cardshop_pgbench
 *      (recreated), for the ratio of orders/s at 32 clients to the database's raw tps.
 *
 *   DATABASE_URL=... REDIS_URL=... npm run bench:orders -- [seconds=15] [keys=20000] [concurrencies=32,128]
 *
 * BENCH_CALLBACK_SENDERS (32), BENCH_IDEMPOTENCY=1 (send an Idempotency-Key with every order),
 * BENCH_PGBENCH=0 (skip step 4). THROTTLE_LIMIT is raised for the run (every client is 127.0.0.1).
 * Use a fresh database: other channels in it would be order candidates too.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/configure-app';
import { hashQueryPassword } from '../src/modules/orders/domain/query-password';
import { encodeSandboxNotification } from '../src/modules/payments/domain/sandbox-notification';
import { signSandboxPayload } from '../src/modules/payments/domain/sandbox-signature';
import { AdminAccounts } from '../src/platform/auth/admin-accounts';
import { AppConfig } from '../src/platform/config/app-config';
import { loadEnvFile } from '../src/platform/config/load-env-file';
import { figure } from './support/report';
import { sandboxChannelBody } from '../src/seed/sandbox-channel-body';

const PGBENCH = '/usr/bin/pgbench';
const PGBENCH_DB = 'cardshop_pgbench';
const PRICE_MINOR = 1000;
const PASSWORD = 'bench-open-sesame';

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// SQL statements sent by this process, counted by wrapping pg's Client.prototype.query (the app
// and the bench share the one `pg` package). Counted only while `sql.on`.

const sql = { on: false, total: 0, byKind: new Map<string, number>() };

function kindOf(text: string): string {
  const verb = (/^\s*(\w+)/.exec(text)?.[1] ?? '?').toUpperCase();
  if (['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'START'].includes(verb)) return verb === 'START' ? 'BEGIN' : verb;
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?\."?(\w+)"?/i.exec(text);
  return table ? `${verb} ${table[1]}.${table[2]}` : verb;
}

function countSql(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (sql.on) {
      const q = args[0];
      const text = typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? '');
      const kind = kindOf(text);
      sql.total += 1;
      sql.byKind.set(kind, (sql.byKind.get(kind) ?? 0) + 1);
    }
    return original.apply(this, args);
  };
}

function startSql(): void {
  sql.total = 0;
  sql.byKind.clear();
  sql.on = true;
}

function reportSql(per: number, what: string): void {
  sql.on = false;
  if (per === 0) return;
  const top = [...sql.byKind.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log(`  SQL statements from this process: ${fmt(sql.total)}, ${(sql.total / per).toFixed(1)} per ${what} (relay polling included):`);
  for (const [kind, n] of top) console.log(`    ${(n / per).toFixed(2).padStart(6)}  ${kind}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP over a keep-alive agent.

interface Reply {
  status: number;
  json: unknown;
}

function send(
  agent: http.Agent | undefined,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let json: unknown = text;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const jsonHeaders = (token?: string) => ({
  'Content-Type': 'application/json',
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
});

async function postJson(port: number, path: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await send(undefined, port, 'POST', path, jsonHeaders(token), JSON.stringify(body));
  if (res.status !== 201 && res.status !== 202) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

interface CreatedOrder {
  orderId: string;
  orderNo: string;
  paymentId: string;
  totalMinor: number;
  currency: string;
}

interface LevelResult {
  clients: number;
  created: number;
  elapsed: number;
  perSecond: number;
}

/** The libuv thread pool's scrypt throughput with the app's parameters: a ceiling for POST /api/orders. */
async function scryptCeiling(): Promise<void> {
  const n = 64;
  const parallel = 16;
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        next += 1;
        await hashQueryPassword(PASSWORD);
      }
    }),
  );
  const t = seconds(t0);
  const [, N, r, p] = (await hashQueryPassword(PASSWORD)).split('$');
  console.log(
    `scrypt (N=${N}, r=${r}, p=${p}) alone: ${n} hashes in ${t.toFixed(2)} s = ${fmt(n / t)} hashes/s ` +
      `(UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}): a ceiling on orders/s in one process`,
  );
}

async function importKeys(port: number, token: string, goodsId: string, keys: number, run: string): Promise<void> {
  const text = Array.from({ length: keys }, (_, i) => `BENCH-${run}-${String(i).padStart(7, '0')}-${randomBytes(4).toString('hex')}`).join('\n');
  const t0 = process.hrtime.bigint();
  const upload = await send(undefined, port, 'POST', `/admin/card-keys/goods/${goodsId}/imports`, {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'text/plain; charset=utf-8',
  }, `${text}\n`);
  if (upload.status !== 202) throw new Error(`import: ${upload.status} ${JSON.stringify(upload.json)}`);
  const { batchId } = upload.json as { batchId: string };
  for (;;) {
    await sleep(500);
    const res = await send(undefined, port, 'GET', `/admin/card-keys/imports/${batchId}`, { Authorization: `Bearer ${token}` });
    const batch = res.json as { status: string; imported: number; duplicates: number; invalid: number; error: string | null };
    if (batch.status === 'failed') throw new Error(`import failed: ${batch.error}`);
    if (batch.status === 'completed') {
      if (batch.imported !== keys) throw new Error(`expected ${keys} keys imported, got ${JSON.stringify(batch)}`);
      console.log(`imported ${fmt(batch.imported)} keys in ${seconds(t0).toFixed(2)} s (batch ${batchId})`);
      return;
    }
  }
}

async function orderLevel(
  port: number,
  pool: PgPool | undefined,
  poolMax: number,
  dataSource: DataSource,
  goodsId: string,
  channel: string,
  clients: number,
  duration: number,
  run: string,
  created: CreatedOrder[],
): Promise<LevelResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const idempotency = process.env.BENCH_IDEMPOTENCY === '1';
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const sampleErrors: string[] = [];
  let done = 0;
  let ok = 0;
  let poolSamples = 0;
  let busySum = 0;
  let waitingSum = 0;
  let waitingMax = 0;
  let openSum = 0;
  const before = created.length;
  console.log(`\n-- orders: ${clients} clients for ${duration} s${idempotency ? ' (Idempotency-Key on every request)' : ''}`);

  const deadline = Date.now() + duration * 1000;
  const t0 = process.hrtime.bigint();
  startSql();
  const client = async (c: number): Promise<void> => {
    for (let i = 0; Date.now() < deadline; i++) {
      const body = JSON.stringify({ goodsId, quantity: 1, contact: `b${run}-${clients}-${c}-${i}@bench.local`, queryPassword: PASSWORD, channel });
      const headers: Record<string, string> = jsonHeaders();
      if (idempotency) headers['Idempotency-Key'] = randomUUID();
      const started = process.hrtime.bigint();
      let status: string;
      try {
        const res = await send(agent, port, 'POST', '/api/orders', headers, body);
        status = String(res.status);
        if (res.status === 201) {
          const o = res.json as { orderId: string; orderNo: string; totalMinor: number; currency: string; payment: { paymentId: string } };
          created.push({ orderId: o.orderId, orderNo: o.orderNo, paymentId: o.payment.paymentId, totalMinor: o.totalMinor, currency: o.currency });
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          ok += 1;
        } else {
          const code = (res.json as { error?: { code?: string } } | null)?.error?.code;
          if (code) status += ` ${code}`;
          if (sampleErrors.length < 3) sampleErrors.push(`${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
        }
      } catch (error) {
        status = `network ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
        if (sampleErrors.length < 3) sampleErrors.push(status);
      }
      done += 1;
      if (status !== '201') errors.set(status, (errors.get(status) ?? 0) + 1);
      if (status.includes('out_of_stock')) return;
    }
  };
  let lastOk = 0;
  const progress = setInterval(() => {
    const t = seconds(t0);
    const poolText = pool ? `; pool busy ${pool.totalCount - pool.idleCount}/${pool.totalCount}, waiting ${pool.waitingCount}` : '';
    console.log(
      `  ${t.toFixed(1).padStart(5)} s  created ${fmt(ok)}  ${fmt(ok - lastOk)} in the last second, ${fmt(ok / t)}/s overall, ` +
        `errors ${done - ok}${poolText}`,
    );
    lastOk = ok;
  }, 1000);
  const poolSampler = setInterval(() => {
    if (!pool) return;
    poolSamples += 1;
    busySum += pool.totalCount - pool.idleCount;
    openSum += pool.totalCount;
    waitingSum += pool.waitingCount;
    waitingMax = Math.max(waitingMax, pool.waitingCount);
  }, 50);
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const elapsed = seconds(t0);
  clearInterval(progress);
  clearInterval(poolSampler);
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  console.log(
    `${clients} clients: ${fmt(ok)} orders in ${elapsed.toFixed(2)} s = ${fmt(ok / elapsed)} orders/s; ` +
      `latency p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, ` +
      `max ${ms(sorted[sorted.length - 1] ?? NaN)}`,
  );
  figure(`POST /api/orders, ${clients} clients`, Math.round(ok / elapsed), 'orders/s');
  figure(`POST /api/orders latency p50, ${clients} clients`, Math.round(percentile(sorted, 50)), 'ms');
  figure(`POST /api/orders latency p99, ${clients} clients`, Math.round(percentile(sorted, 99)), 'ms');
  console.log(
    `  errors: ${errors.size === 0 ? 'none' : [...errors.entries()].map(([s, n]) => `${s} × ${n}`).join(', ')}` +
      (sampleErrors.length ? `; e.g. ${sampleErrors[0]}` : ''),
  );
  if (pool && poolSamples > 0) {
    console.log(
      `  pg pool (every 50 ms, max ${poolMax}): on average ${(busySum / poolSamples).toFixed(1)} connections busy of ${(openSum / poolSamples).toFixed(1)} open; ` +
        `requests waiting for a connection ${(waitingSum / poolSamples).toFixed(1)} on average, ${waitingMax} at most`,
    );
  }
  reportSql(ok, 'order');
  // Let the relay drain what this level published before the next one starts.
  for (let i = 0; i < 30; i++) {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE relayed_at IS NULL`);
    if (n === 0) break;
    if (i === 0) console.log(`  waiting for the relay: ${n} events not yet relayed`);
    await sleep(1000);
  }
  return { clients, created: created.length - before, elapsed, perSecond: ok / elapsed };
}

async function callbacks(port: number, dataSource: DataSource, channel: string, secret: string, orders: CreatedOrder[]): Promise<void> {
  const senders = Number(process.env.BENCH_CALLBACK_SENDERS ?? 32);
  console.log(`\n-- callbacks: ${fmt(orders.length)} signed sandbox callbacks (succeeded) from ${senders} senders`);
  const refs = new Map<string, { provider_ref: string; amount_minor: number; currency: string }>();
  const rows: Array<{ id: string; provider_ref: string; amount_minor: string; currency: string }> = await dataSource.query(
    `SELECT id, provider_ref, amount_minor, currency FROM payments.payments WHERE id = ANY($1::uuid[])`,
    [orders.map((o) => o.paymentId)],
  );
  for (const r of rows) refs.set(r.id, { provider_ref: r.provider_ref, amount_minor: Number(r.amount_minor), currency: r.currency });
  if (refs.size !== orders.length) throw new Error(`found ${refs.size} of ${orders.length} payments`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: senders });
  const sentAt = new Map<string, number>(); // paymentId -> epoch ms, just before its request
  const ackLatencies: number[] = [];
  const statuses = new Map<string, number>();
  let next = 0;
  let acked = 0;
  const firstSent = Date.now();
  const t0 = process.hrtime.bigint();
  startSql();
  const sender = async (): Promise<void> => {
    while (next < orders.length) {
      const order = orders[next++];
      const ref = refs.get(order.paymentId)!;
      const { contentType, body } = encodeSandboxNotification(
        {
          paymentId: order.paymentId,
          providerTxnId: `SBXT-${randomBytes(10).toString('hex')}`,
          providerRef: ref.provider_ref,
          amountMinor: ref.amount_minor,
          currency: ref.currency,
          status: 'succeeded',
        },
        'form',
      );
      const now = new Date();
      sentAt.set(order.paymentId, now.getTime());
      const started = process.hrtime.bigint();
      try {
        const res = await send(agent, port, 'POST', `/api/payments/callbacks/${channel}`, {
          'Content-Type': contentType,
          'X-Sandbox-Signature': signSandboxPayload(secret, body, now),
        }, body);
        statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
        if (res.status === 200) {
          acked += 1;
          ackLatencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      } catch (error) {
        const s = `network ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    }
  };
  let last = 0;
  const progress = setInterval(() => {
    const t = seconds(t0);
    console.log(`  ${t.toFixed(1).padStart(5)} s  acknowledged ${fmt(acked)}/${fmt(orders.length)}  ${fmt(acked - last)} in the last second`);
    last = acked;
  }, 1000);
  await Promise.all(Array.from({ length: senders }, sender));
  const ackSeconds = seconds(t0);
  clearInterval(progress);
  agent.destroy();
  const ackSorted = Float64Array.from(ackLatencies).sort();
  console.log(
    `acknowledged ${fmt(acked)} callbacks in ${ackSeconds.toFixed(2)} s = ${fmt(acked / ackSeconds)} acks/s; ` +
      `ack latency p50 ${ms(percentile(ackSorted, 50))}, p99 ${ms(percentile(ackSorted, 99))}; ` +
      `statuses ${[...statuses.entries()].map(([s, n]) => `${s} × ${n}`).join(', ')}`,
  );
  figure(`signed payment callbacks acknowledged (${senders} senders)`, Math.round(acked / ackSeconds), 'acks/s');

  // Settlement (worker) and delivery (event subscriber), polled once a second.
  const paymentIds = orders.map((o) => o.paymentId);
  const orderIds = orders.map((o) => o.orderId);
  let lastSettled = -1;
  let lastDelivered = -1;
  let stalledSince = Date.now();
  for (;;) {
    await sleep(1000);
    const [{ settled }] = await dataSource.query(
      `SELECT count(*)::int AS settled FROM payments.payments WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
      [paymentIds],
    );
    const [{ delivered, paid }] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status IN ('paid', 'paid_awaiting_stock'))::int AS paid
         FROM orders.orders WHERE id = ANY($1::uuid[])`,
      [orderIds],
    );
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM platform.outbox WHERE relayed_at IS NULL`);
    const t = (Date.now() - firstSent) / 1000;
    console.log(
      `  ${t.toFixed(1).padStart(5)} s  payments succeeded ${fmt(settled)}/${fmt(orders.length)}  ` +
        `orders delivered ${fmt(delivered)} (paid, not yet delivered ${paid})  outbox not relayed ${pending}`,
    );
    if (settled !== lastSettled || delivered !== lastDelivered) stalledSince = Date.now();
    lastSettled = settled;
    lastDelivered = delivered;
    if (settled === orders.length && delivered === orders.length) break;
    if (Date.now() - stalledSince > 60_000) {
      console.log('  no progress for 60 s: giving up on the rest');
      break;
    }
  }
  const settledRows: Array<{ id: string; at: Date }> = await dataSource.query(
    `SELECT id, succeeded_at AS at FROM payments.payments WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
    [paymentIds],
  );
  const deliveredRows: Array<{ payment_id: string; at: Date }> = await dataSource.query(
    `SELECT paid_payment_id AS payment_id, delivered_at AS at FROM orders.orders WHERE id = ANY($1::uuid[]) AND status = 'delivered'`,
    [orderIds],
  );
  const span = (ats: Date[]) => (ats.reduce((m, at) => Math.max(m, at.getTime()), 0) - firstSent) / 1000;
  const lagsOf = (list: Array<{ key: string; at: Date }>) =>
    Float64Array.from(list.map((r) => r.at.getTime() - (sentAt.get(r.key) ?? NaN))).sort();
  if (settledRows.length > 0) {
    const s = span(settledRows.map((r) => r.at));
    const lag = lagsOf(settledRows.map((r) => ({ key: r.id, at: r.at })));
    console.log(
      `settled ${fmt(settledRows.length)} payments in ${s.toFixed(2)} s from the first callback sent = ${fmt(settledRows.length / s)} settled/s; ` +
        `succeeded_at - sent p50 ${ms(percentile(lag, 50))}, p99 ${ms(percentile(lag, 99))}`,
    );
    figure('payments settled after their callback', Math.round(settledRows.length / s), 'payments/s');
  }
  if (deliveredRows.length > 0) {
    const d = span(deliveredRows.map((r) => r.at));
    const lag = lagsOf(deliveredRows.map((r) => ({ key: r.payment_id, at: r.at })));
    console.log(
      `delivered ${fmt(deliveredRows.length)} orders in ${d.toFixed(2)} s from the first callback sent = ${fmt(deliveredRows.length / d)} paid-to-delivered/s; ` +
        `delivered_at - sent p50 ${ms(percentile(lag, 50))}, p99 ${ms(percentile(lag, 99))}, max ${ms(lag[lag.length - 1])}`,
    );
    figure('paid orders delivered (callback to delivered, end to end)', Math.round(deliveredRows.length / d), 'orders/s');
    figure('callback sent to order delivered p50', Math.round(percentile(lag, 50)), 'ms');
  }
  reportSql(deliveredRows.length, 'callback (ack + settlement + delivery)');
}

async function pgbench(ordersAt32: number | undefined): Promise<void> {
  if (process.env.BENCH_PGBENCH === '0') return;
  if (!existsSync(PGBENCH)) {
    console.log(`\n${PGBENCH} not found: no pgbench comparison`);
    return;
  }
  const url = new URL(process.env.DATABASE_URL as string);
  const maintenance = new URL(url.href);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.href });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${PGBENCH_DB}`);
  await admin.end();
  const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  const run = promisify(execFile);
  console.log(`\n-- pgbench: -i -s 10 into ${PGBENCH_DB}, then TPC-B -c 32 -j 2 -T 20`);
  const t0 = process.hrtime.bigint();
  await run(PGBENCH, [...args, '-i', '-s', '10', '-q', PGBENCH_DB], { env });
  console.log(`  initialised in ${seconds(t0).toFixed(1)} s`);
  const { stdout } = await run(PGBENCH, [...args, '-c', '32', '-j', '2', '-T', '20', PGBENCH_DB], { env, maxBuffer: 16 * 1024 * 1024 });
  for (const line of stdout.split('\n').filter((l) => /latency average|tps =|number of transactions actually/.test(l))) console.log(`  ${line.trim()}`);
  const tps = Number(/tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps)) {
    console.log('  could not read "tps = N (without initial connection time)"');
    return;
  }
  console.log(`pgbench TPC-B: ${fmt(tps)} tps`);
  figure('pgbench TPC-B on the same server (-c 32 -j 2 -T 20)', Math.round(tps), 'tps');
  if (ordersAt32 !== undefined) {
    console.log(`orders/s at 32 clients ${fmt(ordersAt32)} = ${((ordersAt32 / tps) * 100).toFixed(1)}% of pgbench's tps (${(ordersAt32 / tps).toFixed(3)})`);
  }
}

async function main(): Promise<void> {
  loadEnvFile();
  const duration = Number(process.argv[2] ?? 15);
  const keys = Number(process.argv[3] ?? 20_000);
  const levels = (process.argv[4] ?? '32,128').split(',').map(Number);
  if (!(duration > 0) || !Number.isInteger(keys) || keys < 1 || levels.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new Error(`usage: bench:orders -- <seconds> <keys> <concurrency,concurrency> (got ${process.argv.slice(2).join(' ')})`);
  }
  process.env.QUEUE_PREFIX = `bench${Date.now().toString(36)}`;
  process.env.LOG_LEVEL ??= 'warn';
  process.env.ROLE = 'all'; // the import job, relay, settlement worker and event deliveries run here
  process.env.THROTTLE_LIMIT ??= '1000000000'; // every client is 127.0.0.1
  const wall = process.hrtime.bigint();

  await scryptCeiling();
  countSql();

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, rawBody: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const config = app.get(AppConfig);
  const dataSource = app.get(DataSource);
  const pool = (dataSource.driver as unknown as { master?: PgPool & { options?: { max?: number } } }).master;
  console.log(
    `app on 127.0.0.1:${port}; DATABASE_POOL_SIZE ${config.DATABASE_POOL_SIZE} (pg pool max ${pool?.options?.max ?? '?'}); ` +
      `EVENT_WORKER_CONCURRENCY ${config.EVENT_WORKER_CONCURRENCY}; ${levels.join(', ')} clients for ${duration} s each; ${fmt(keys)} keys`,
  );

  // 1. Setup through the admin API.
  const run = randomBytes(3).toString('hex');
  const owner = await new AdminAccounts(dataSource.manager, () => new Date()).create({ email: `bench-orders-${run}@bench.local`, roles: ['owner'] });
  const channel = `bench-${run}`;
  const channelBody = sandboxChannelBody(channel, { displayName: `Bench ${run}`, priority: 1 });
  const secret = channelBody.credentials.secret;
  await postJson(port, '/admin/payments/channels', owner.token, channelBody);
  const category = await postJson(port, '/admin/categories', owner.token, { name: `Bench ${run}`, slug: `bench-${run}` });
  const goods = await postJson(port, '/admin/goods', owner.token, {
    categoryId: category.id,
    title: `Bench card ${run}`,
    description: 'benchmark',
    priceMinor: PRICE_MINOR,
    currency: 'CNY',
    deliveryType: 'auto',
    onSale: true,
    maxPerOrder: 10_000,
  });
  const goodsId = goods.id as string;
  console.log(`channel ${channel}, goods ${goodsId} at ${PRICE_MINOR} CNY minor`);
  await importKeys(port, owner.token, goodsId, keys, run);

  // 2. Orders at each concurrency.
  const created: CreatedOrder[] = [];
  const results: LevelResult[] = [];
  for (const clients of levels) {
    results.push(await orderLevel(port, pool, config.DATABASE_POOL_SIZE, dataSource, goodsId, channel, clients, duration, run, created));
  }

  // 3. A callback for every order created, then settlement and delivery.
  if (created.length > 0) await callbacks(port, dataSource, channel, secret, created);

  await app.close();

  // 4. The database's own ceiling, with the app stopped.
  await pgbench(results.find((r) => r.clients === 32)?.perSecond);

  console.log('\nsummary:');
  for (const r of results) console.log(`  ${String(r.clients).padStart(4)} clients: ${fmt(r.perSecond)} orders/s (${fmt(r.created)} orders)`);
  console.log(`  whole run ${seconds(wall).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
