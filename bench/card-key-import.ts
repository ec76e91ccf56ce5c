/**
 * Card-key import throughput through the real path: N unique keys streamed as a text/plain body to
 * POST /admin/card-keys/goods/:goodsId/imports on the app listening on 127.0.0.1 (ROLE=all, so the
 * import job runs in this process), then the batch is polled every second until it completes.
 * Prints upload time and MB/s, import progress, total and import-job keys/s, and peak memory; then
 * re-imports 10,000 of the same keys and checks they all come back as duplicates.
 *
 *   DATABASE_URL=... REDIS_URL=... npm run bench:import -- 1000000
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/configure-app';
import { AdminAccounts } from '../src/platform/auth/admin-accounts';
import { loadEnvFile } from '../src/platform/config/load-env-file';
import { figure } from './support/report';

const MB = 1024 * 1024;
const LINES_PER_WRITE = 1000;
const RECHECK = 10_000;

interface BatchView {
  batchId: string;
  status: string;
  linesReceived: number;
  imported: number;
  duplicates: number;
  invalid: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Peak memory, sampled every 200 ms. */
class MemorySampler {
  peakRss = 0;
  peakHeapUsed = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    if (rss > this.peakRss) this.peakRss = rss;
    if (heapUsed > this.peakHeapUsed) this.peakHeapUsed = heapUsed;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

/** The i-th key: `BENCH-<run>-<7 pseudo-random base36>-<i>`, ~30 characters, unique by i, reproducible. */
function keyOf(run: string, i: number): string {
  let x = Math.imul(i + 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return `BENCH-${run}-${x.toString(36).padStart(7, '0')}-${String(i).padStart(7, '0')}`;
}

/** The body as a stream: lines generated as the socket asks for them, never held whole. */
function bodyOf(indexes: () => Iterable<number>, run: string, counter: { bytes: number }): Readable {
  function* lines(): Generator<Buffer> {
    let buffer: string[] = [];
    for (const i of indexes()) {
      buffer.push(keyOf(run, i));
      if (buffer.length === LINES_PER_WRITE) {
        const piece = Buffer.from(`${buffer.join('\n')}\n`, 'utf8');
        counter.bytes += piece.length;
        yield piece;
        buffer = [];
      }
    }
    if (buffer.length > 0) {
      const piece = Buffer.from(`${buffer.join('\n')}\n`, 'utf8');
      counter.bytes += piece.length;
      yield piece;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

function send(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: Readable,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
          } catch {
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) {
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    } else {
      req.end();
    }
  });
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function waitForBatch(port: number, token: string, batchId: string, since: bigint, quiet = false): Promise<BatchView> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quiet ? 250 : 1000));
    const { status, json } = await send(port, 'GET', `/admin/card-keys/imports/${batchId}`, token);
    if (status !== 200) throw new Error(`GET batch: ${status} ${JSON.stringify(json)}`);
    const batch = json as BatchView;
    if (!quiet) {
      const done = batch.imported + batch.duplicates + batch.invalid;
      const t = seconds(since);
      console.log(
        `  ${t.toFixed(1).padStart(6)} s  ${batch.status.padEnd(9)} imported ${fmt(batch.imported)}  duplicates ${fmt(batch.duplicates)}  ` +
          `invalid ${fmt(batch.invalid)}  (${fmt(done)}/${fmt(batch.linesReceived)}, ${fmt(done / t)} keys/s so far)`,
      );
    }
    if (batch.status === 'completed') return batch;
    if (batch.status === 'failed') throw new Error(`batch ${batchId} failed: ${batch.error}`);
  }
}

async function main(): Promise<void> {
  loadEnvFile();
  const total = Number(process.argv[2] ?? 1_000_000);
  if (!Number.isInteger(total) || total < RECHECK) throw new Error(`give at least ${RECHECK} keys (got ${process.argv[2]})`);
  process.env.QUEUE_PREFIX = `bench${Date.now().toString(36)}`;
  process.env.LOG_LEVEL ??= 'warn';
  process.env.ROLE = 'all'; // the import job must run in this process
  const memory = new MemorySampler();

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const dataSource = app.get(DataSource);
  const run = randomBytes(4).toString('hex');
  const admin = await new AdminAccounts(dataSource.manager, () => new Date()).create({
    email: `bench-import-${run}@bench.local`,
    roles: ['operator'],
  });
  const goodsId = randomUUID();
  const chunkSize = Number(process.env.CARD_KEY_IMPORT_CHUNK_SIZE ?? 5000);
  const boot = process.memoryUsage();
  console.log(
    `app on 127.0.0.1:${port}; goods ${goodsId}; ${fmt(total)} keys like ${keyOf(run, 0)} (${keyOf(run, 0).length} chars); ` +
      `chunk size ${chunkSize}; after boot rss ${mb(boot.rss)}, heap used ${mb(boot.heapUsed)}`,
  );

  // 1. Upload: the request ends when every line is stored in sealed chunks.
  const counter = { bytes: 0 };
  const path = `/admin/card-keys/goods/${goodsId}/imports`;
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  const upload = await send(port, 'POST', path, admin.token, bodyOf(function* () {
    for (let i = 0; i < total; i++) yield i;
  }, run, counter));
  const uploadSeconds = seconds(t0);
  const uploadedAt = new Date();
  const t1 = process.hrtime.bigint();
  if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${JSON.stringify(upload.json)}`);
  const { batchId, linesReceived } = upload.json as { batchId: string; linesReceived: number };
  console.log(
    `uploaded ${mb(counter.bytes)} (${fmt(linesReceived)} lines) in ${uploadSeconds.toFixed(2)} s: ` +
      `${(counter.bytes / MB / uploadSeconds).toFixed(2)} MB/s, ${fmt(linesReceived / uploadSeconds)} lines/s; batch ${batchId}`,
  );

  // 2. The import job, polled like the admin's progress bar.
  const batch = await waitForBatch(port, admin.token, batchId, t1);
  const finishedAt = new Date(batch.finishedAt as string);
  const importSeconds = (finishedAt.getTime() - uploadedAt.getTime()) / 1000;
  const allSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  const [{ stored }] = await dataSource.query(`SELECT count(*)::int AS stored FROM card_keys.keys WHERE goods_id = $1`, [goodsId]);
  memory.stop();
  const { maxRSS } = process.resourceUsage();
  console.log(
    `batch completed: imported ${fmt(batch.imported)}, duplicates ${fmt(batch.duplicates)}, invalid ${fmt(batch.invalid)}; ` +
      `${fmt(stored)} rows in card_keys.keys for the goods item`,
  );
  console.log(`upload   ${uploadSeconds.toFixed(2)} s  ${fmt(total / uploadSeconds)} keys/s`);
  console.log(`import   ${importSeconds.toFixed(2)} s  ${fmt(total / importSeconds)} keys/s (job, from upload response to batch finished_at)`);
  console.log(`total    ${allSeconds.toFixed(2)} s  ${fmt(total / allSeconds)} keys/s (upload + import)`);
  figure('keys uploaded over HTTP', Math.round(total / uploadSeconds), 'keys/s');
  figure('keys imported by the job (encrypt, blind index, insert)', Math.round(total / importSeconds), 'keys/s');
  figure('keys imported end to end (upload + import)', Math.round(total / allSeconds), 'keys/s');
  figure('peak RSS (app and client in one process)', Math.round(memory.peakRss / MB), 'MB');
  console.log(
    `peak memory: rss ${mb(memory.peakRss)}, heap used ${mb(memory.peakHeapUsed)} (200 ms samples); ` +
      `resourceUsage().maxRSS ${mb(maxRSS * 1024)}`,
  );

  // 3. Sanity: 10,000 of the same keys again, spread over the whole batch, must all be duplicates.
  const step = Math.floor(total / RECHECK);
  const again = await send(port, 'POST', path, admin.token, bodyOf(function* () {
    for (let k = 0; k < RECHECK; k++) yield k * step;
  }, run, { bytes: 0 }));
  if (again.status !== 202) throw new Error(`re-import: ${again.status} ${JSON.stringify(again.json)}`);
  const t2 = process.hrtime.bigint();
  const second = await waitForBatch(port, admin.token, (again.json as { batchId: string }).batchId, t2, true);
  const allDuplicates = second.duplicates === RECHECK && second.imported === 0 && second.invalid === 0;
  console.log(
    `re-import of ${fmt(RECHECK)} same keys: imported ${second.imported}, duplicates ${fmt(second.duplicates)}, invalid ${second.invalid} ` +
      `in ${seconds(t2).toFixed(2)} s: ${allDuplicates ? 'all reported duplicates' : 'NOT ALL DUPLICATES'}`,
  );

  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
