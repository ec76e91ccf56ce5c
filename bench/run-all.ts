/**
 * Runs every benchmark in bench/ one after another, each as its own process with its own sizes,
 * collects the headline figures they record (bench/support/report.ts) and writes bench/RESULTS.md:
 * the figures table, the machine (CPU, cores, RAM, Node, PostgreSQL, Redis, date, load) and the
 * commands run. Each benchmark's own output goes to the console as it runs.
 *
 *   DATABASE_URL=... REDIS_URL=... npm run bench              quick sizes, a few minutes in all
 *   DATABASE_URL=... REDIS_URL=... npm run bench -- --full    the sizes of the README's figures
 *
 * Give it a database of its own (e.g. .../cardshop_bench; created when missing): the benchmarks
 * add goods, keys, orders and members to it. BENCH_NOTE adds a line to the results (for example
 * what else ran on the machine). A benchmark that fails is listed as failed and the run exits 1.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import pg from 'pg';
import { loadEnvFile } from '../src/platform/config/load-env-file';
import { ensureDatabase } from '../src/platform/database/ensure-database';
import { Figure, FIGURES_FILE_ENV } from './support/report';

interface Plan {
  quick: string[];
  full: string[];
  /** Settings for the quick run only. */
  quickEnv?: Record<string, string>;
}

/** Sizes per benchmark; one not listed here runs with its own defaults. Listed order is run order. */
const PLANS: Record<string, Plan> = {
  'event-throughput': { quick: ['3000'], full: ['3000'] },
  'card-key-import': { quick: ['100000'], full: ['1000000'] },
  'card-key-reserve': { quick: ['32', '5000'], full: ['32', '20000'] },
  'buy-flow': { quick: ['5', '3000', '32'], full: ['15', '20000', '32,128'], quickEnv: { BENCH_PGBENCH: '0' } },
  'referral-tree': { quick: ['20000'], full: ['100000'] },
};

const BENCH_DIR = __dirname;
const RESULTS = join(BENCH_DIR, 'RESULTS.md');
const TS_NODE = join(BENCH_DIR, '..', 'node_modules', 'ts-node', 'dist', 'bin.js');

interface Run {
  name: string;
  command: string;
  seconds: number;
  code: number | null;
}

function benchmarks(): string[] {
  const found = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
    .map((f) => f.replace(/\.ts$/, ''));
  const listed = Object.keys(PLANS).filter((name) => found.includes(name));
  return [...listed, ...found.filter((name) => !listed.includes(name)).sort()];
}

function runOne(name: string, args: string[], env: Record<string, string>, figuresFile: string): Promise<Run> {
  const shown = `${Object.entries(env).map(([k, v]) => `${k}=${v} `).join('')}ts-node -T bench/${name}.ts ${args.join(' ')}`.trim();
  console.log(`\n=== ${shown}\n`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TS_NODE, '-T', join(BENCH_DIR, `${name}.ts`), ...args], {
      stdio: 'inherit',
      env: { ...process.env, ...env, [FIGURES_FILE_ENV]: figuresFile },
    });
    child.on('exit', (code) => resolve({ name, command: shown, seconds: (Date.now() - started) / 1000, code }));
  });
}

async function versions(databaseUrl: string, redisUrl: string): Promise<{ postgres: string; redis: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const [{ server_version: postgres }] = (await client.query('SHOW server_version')).rows as Array<{ server_version: string }>;
  await client.end();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  return { postgres, redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const number = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : String(n));

async function main(): Promise<void> {
  loadEnvFile();
  const full = process.argv.includes('--full');
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) throw new Error('DATABASE_URL and REDIS_URL must be set (environment or .env); give the benchmarks a database of their own');
  await ensureDatabase(databaseUrl);
  const loadBefore = loadavg();
  const machine = await versions(databaseUrl, redisUrl);
  const figuresFile = join(tmpdir(), `bench-figures-${process.pid}.jsonl`);
  rmSync(figuresFile, { force: true });

  const runs: Run[] = [];
  const started = new Date();
  for (const name of benchmarks()) {
    const plan = PLANS[name];
    runs.push(await runOne(name, plan ? (full ? plan.full : plan.quick) : [], plan && !full ? (plan.quickEnv ?? {}) : {}, figuresFile));
  }
  const loadAfter = loadavg();

  const figures: Figure[] = existsSync(figuresFile)
    ? readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Figure)
    : [];
  rmSync(figuresFile, { force: true });
  const cpu = cpus();
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${full ? ' -- --full' : ''}\` (bench/run-all.ts) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `${full ? 'full sizes' : 'quick sizes (`npm run bench -- --full` runs the sizes of the README figures)'}. ` +
      'PostgreSQL and Redis on the same machine; each benchmark is one process (app and load generator together).',
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${cell(cpu[0]?.model.trim() ?? 'unknown')} |`,
    `| cores | ${cpu.length} |`,
    `| RAM | ${(totalmem() / 1024 ** 3).toFixed(1)} GiB |`,
    `| Node | ${process.version} |`,
    `| PostgreSQL | ${cell(machine.postgres)} |`,
    `| Redis | ${cell(machine.redis)} |`,
    `| load average (1, 5, 15 min) | before ${loadBefore.map((l) => l.toFixed(2)).join(', ')}; after ${loadAfter.map((l) => l.toFixed(2)).join(', ')} |`,
    ...(process.env.BENCH_NOTE ? [`| note | ${cell(process.env.BENCH_NOTE)} |`] : []),
    '',
    '## Figures',
    '',
    '| figure | value | unit | benchmark |',
    '| --- | ---: | --- | --- |',
    ...figures.map((f) => `| ${cell(f.figure)} | ${number(f.value)} | ${cell(f.unit)} | ${f.benchmark} |`),
    '',
    '## Runs',
    '',
    '| benchmark | command | seconds | result |',
    '| --- | --- | ---: | --- |',
    ...runs.map((r) => `| ${r.name} | \`${cell(r.command)}\` | ${r.seconds.toFixed(0)} | ${r.code === 0 ? 'ok' : `failed (exit ${r.code})`} |`),
    '',
  ];
  writeFileSync(RESULTS, lines.join('\n'));
  console.log(`\nwrote ${RESULTS}: ${figures.length} figures from ${runs.length} benchmarks`);
  if (runs.some((r) => r.code !== 0)) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
