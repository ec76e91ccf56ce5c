/**
 * Key allocation under contention: imports K keys for one goods item, then C concurrent clients
 * each call CardKeysFacade.reserve (quantity 1, in-process) in a loop until stock runs out. Measures
 * the FOR UPDATE SKIP LOCKED allocation path. Prints progress every second, then reservations/s,
 * latency percentiles, OutOfStockError counts, and checks that no key went to two reservations.
 * DATABASE_POOL_SIZE (default 10) bounds how many reservations run in the database at once.
 * BENCH_ANALYZE=1 runs ANALYZE card_keys.keys after the import (fresh planner statistics).
 *
 *   DATABASE_URL=... REDIS_URL=... DATABASE_POOL_SIZE=32 npm run bench:reserve -- 32 20000
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { CardKeysFacade, OutOfStockError } from '../src/modules/card-keys';
import { ImportStatusQuery } from '../src/modules/card-keys/imports/import-status.query';
import { KeyUploads } from '../src/modules/card-keys/imports/key-uploads';
import { AppConfig } from '../src/platform/config/app-config';
import { loadEnvFile } from '../src/platform/config/load-env-file';
import { figure } from './support/report';

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  loadEnvFile();
  const clients = Number(process.argv[2] ?? 32);
  const keys = Number(process.argv[3] ?? 20_000);
  if (!Number.isInteger(clients) || clients < 1 || !Number.isInteger(keys) || keys < 1) {
    throw new Error(`usage: bench:reserve -- <clients> <keys> (got ${process.argv.slice(2).join(' ')})`);
  }
  process.env.QUEUE_PREFIX = `bench${Date.now().toString(36)}`;
  process.env.LOG_LEVEL ??= 'warn';
  process.env.ROLE = 'all'; // the import job runs in this process
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  await app.init();
  const config = app.get(AppConfig);
  const dataSource = app.get(DataSource);
  const poolMax = (dataSource.driver as unknown as { master?: { options?: { max?: number } } }).master?.options?.max;
  console.log(
    `DATABASE_POOL_SIZE ${config.DATABASE_POOL_SIZE} (pg pool max ${poolMax ?? '?'}); ${clients} clients; ${fmt(keys)} keys`,
  );

  // 1. Stock: K keys for one goods item, through the upload and the import job.
  const goodsId = randomUUID();
  const run = randomBytes(4).toString('hex');
  const cls = app.get(ClsService);
  const t0 = process.hrtime.bigint();
  const { batchId } = await app.get(KeyUploads).upload(
    goodsId,
    'text',
    (function* () {
      for (let i = 0; i < keys; i++) yield `BENCH-${run}-${String(i).padStart(8, '0')}-${randomBytes(4).toString('hex')}`;
    })(),
    'bench',
  );
  const status = app.get(ImportStatusQuery);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const batch = await status.get(batchId);
    if (batch?.status === 'failed') throw new Error(`import failed: ${batch.error}`);
    if (batch?.status === 'completed') {
      console.log(`imported ${fmt(batch.imported)} keys for goods ${goodsId} in ${seconds(t0).toFixed(2)} s`);
      if (batch.imported !== keys) throw new Error(`expected ${keys} keys imported, got ${batch.imported}`);
      break;
    }
  }

  // How PostgreSQL will pick keys (the subquery of KeyAllocator.take). Without fresh statistics it
  // may walk keys_goods_status_idx and sort every available key of the goods item on each call.
  if (process.env.BENCH_ANALYZE === '1') {
    await dataSource.query(`ANALYZE card_keys.keys`);
    console.log('BENCH_ANALYZE=1: ran ANALYZE card_keys.keys after the import');
  }
  const plan: Array<{ 'QUERY PLAN': string }> = await dataSource.query(
    `EXPLAIN SELECT id FROM card_keys.keys WHERE goods_id = '${goodsId}' AND status = 'available'
      ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  const steps = plan
    .map((row) => row['QUERY PLAN'].trim().replace(/^->\s*/, '').replace(/\s+\(cost=.*$/, ''))
    .filter((step) => /Scan|Sort/.test(step));
  console.log(`allocation plan: ${steps.join(' <- ')}`);

  // 2. C clients reserving one key per call until the stock is gone.
  const facade = app.get(CardKeysFacade);
  const expiresAt = new Date(Date.now() + 60 * 60 * 1000); // never lapses during the run
  const latencies = new Float64Array(keys + clients);
  let reserved = 0;
  let outOfStock = 0;
  let premature = 0; // OutOfStockError while uncommitted reserves still held the last keys (SKIP LOCKED skipped them)
  let otherErrors = 0;
  let firstOutOfStockAt: number | null = null;
  const available = async (): Promise<number> =>
    (await dataSource.query(
      `SELECT count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1 AND status = 'available'`,
      [goodsId],
    ))[0].n;

  const client = async (): Promise<void> => {
    for (;;) {
      const started = process.hrtime.bigint();
      try {
        await cls.run(() =>
          facade.reserve({ orderId: randomUUID(), lineId: '1', goodsId, quantity: 1, expiresAt }),
        );
        latencies[reserved] = Number(process.hrtime.bigint() - started) / 1e6;
        reserved += 1;
      } catch (error) {
        if (!(error instanceof OutOfStockError)) {
          otherErrors += 1;
          if (otherErrors <= 5) console.error('  reserve failed:', error);
          if (otherErrors > 100) throw error;
          continue;
        }
        outOfStock += 1;
        firstOutOfStockAt ??= reserved;
        const left = await available();
        if (left === 0) return;
        premature += 1;
        console.log(`  OutOfStockError while ${left} keys were still locked by in-flight reserves (after ${reserved} reservations)`);
      }
    }
  };

  const t1 = process.hrtime.bigint();
  let last = 0;
  const progress = setInterval(() => {
    const t = seconds(t1);
    console.log(
      `  ${t.toFixed(1).padStart(6)} s  reserved ${fmt(reserved)}/${fmt(keys)}  ` +
        `${fmt(reserved - last)} in the last second, ${fmt(reserved / t)}/s overall`,
    );
    last = reserved;
  }, 1000);
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = seconds(t1);
  clearInterval(progress);

  const sorted = latencies.slice(0, reserved).sort();
  console.log(
    `${fmt(reserved)} reservations by ${clients} clients in ${elapsed.toFixed(2)} s: ${fmt(reserved / elapsed)} reservations/s ` +
      `(DATABASE_POOL_SIZE ${config.DATABASE_POOL_SIZE})`,
  );
  console.log(
    `latency per reservation: p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, ` +
      `p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1] ?? NaN)}`,
  );
  figure(`reservations, ${clients} clients on one goods item (pool ${config.DATABASE_POOL_SIZE})`, Math.round(reserved / elapsed), 'reservations/s');
  figure('reservation latency p50', Number(percentile(sorted, 50).toFixed(2)), 'ms');
  figure('reservation latency p99', Number(percentile(sorted, 99).toFixed(2)), 'ms');
  console.log(
    `OutOfStockError: ${outOfStock} (first after ${firstOutOfStockAt ?? '-'} of ${keys} reservations; ` +
      `${premature} while in-flight reserves still held the last keys, ${clients} expected at the end); ` +
      `other errors: ${otherErrors}`,
  );

  // 3. No key went to two reservations, and every successful reserve holds exactly one key.
  const [check] = await dataSource.query(
    `SELECT count(*)::int AS keys, count(DISTINCT reserved_order_id)::int AS orders
       FROM card_keys.keys WHERE goods_id = $1 AND status = 'reserved'`,
    [goodsId],
  );
  const [held] = await dataSource.query(
    `SELECT count(*)::int AS n FROM card_keys.reservations WHERE goods_id = $1 AND status = 'active'`,
    [goodsId],
  );
  const left = await available();
  const ok = check.keys === check.orders && check.keys === reserved && held.n === reserved && left === 0;
  figure('keys reserved twice', check.keys - check.orders, 'keys');
  console.log(
    `check: ${fmt(check.keys)} reserved keys, ${fmt(check.orders)} distinct orders, ${fmt(held.n)} active reservations, ` +
      `${fmt(reserved)} successful calls, ${left} keys left available: ${ok ? 'OK, no key reserved twice' : 'MISMATCH'}`,
  );

  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
