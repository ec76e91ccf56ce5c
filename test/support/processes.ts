import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import type { ProcessRole } from '../../src/platform/config/app-config';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');
export const MAIN_JS = join(ROOT, 'dist', 'src', 'main.js');
/** What a process printed is kept up to this size (the end of it) for failure messages. */
const OUTPUT_LIMIT = 256 * 1024;

/** Settings every shop process of a test gets unless the test gives its own. */
const PROCESS_DEFAULTS: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'false',
  DOCS_ENABLED: 'false',
  THROTTLE_LIMIT: '100000000',
};
/** Passed on from the test run (test/support/test-env.ts fills them in). */
const INHERITED = ['PATH', 'HOME', 'DATABASE_URL', 'REDIS_URL', 'CARD_KEY_MASTER_KEYS', 'CARD_KEY_INDEX_KEY', 'TZ', 'LANG'];

function newestFile(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newestFile(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest;
}

/** These tests run the built app, as production does: refuse a missing build, or one older than src/ or migrations/. */
export function assertFreshBuild(): void {
  let built: number;
  try {
    built = statSync(MAIN_JS).mtimeMs;
  } catch {
    throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first (these tests start the built app as separate processes)`);
  }
  const source = [newestFile(join(ROOT, 'src')), newestFile(join(ROOT, 'migrations'))].sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (source.mtimeMs > built) {
    throw new Error(
      `${MAIN_JS} is older than ${source.path}: run \`npm run build\` first (these tests start the built app as separate processes)`,
    );
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One `node dist/src/main.js` of a test, on its own port of 127.0.0.1. */
export class ShopProcess {
  private text = '';
  private readonly child: ChildProcess;
  private exit: Exit | null = null;
  readonly exited: Promise<Exit>;

  constructor(
    readonly name: string,
    readonly role: ProcessRole,
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [MAIN_JS], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      if (this.text.length > OUTPUT_LIMIT * 2) this.text = this.text.slice(-OUTPUT_LIMIT);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Everything the process printed (its last 256 KiB or more). */
  output(): string {
    return this.text;
  }

  /** The end of its output, headed with its name: for failure messages. */
  tail(chars = 4000): string {
    const state = this.exit ? `exited code=${this.exit.code} signal=${this.exit.signal}` : 'running';
    return `--- ${this.name} (ROLE=${this.role}, port ${this.port}, pid ${this.pid}, ${state}) ---\n${this.text.slice(-chars)}`;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Resolves when the process has exited; fails with its output after `ms`. */
  async waitForExit(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${ms} ms\n${this.tail()}`)), ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when a line containing `text` has been printed. */
  async waitForOutput(text: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.text.includes(text)) {
      if (!this.running) throw new Error(`${this.name} exited before printing "${text}"\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print "${text}" within ${ms} ms\n${this.tail()}`);
      await sleep(50);
    }
  }

  /** Waits until GET /health answers 200 (PostgreSQL and Redis reachable, app listening). */
  async waitHealthy(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited during start-up\n${this.tail()}`);
      if ((await httpStatus(`${this.baseUrl}/health`)) === 200) return;
      if (Date.now() > deadline) throw new Error(`${this.name} was not healthy within ${ms} ms\n${this.tail()}`);
      await sleep(200);
    }
  }
}

/**
 * The shop processes of one test file, sharing a queue prefix (one cluster on one PostgreSQL and
 * one Redis). `stopAll` in afterAll kills whatever is still running, whatever the test did.
 */
export class ShopCluster {
  readonly prefix = `s${randomUUID().slice(0, 8)}`;
  readonly processes: ShopProcess[] = [];

  /** @param env settings every process of this cluster gets (after the defaults). */
  constructor(private readonly env: Record<string, string> = {}) {}

  /**
   * Starts one process and waits for its /health. Only a process started with `migrations: true`
   * applies pending migrations; start that one first, alone.
   */
  async start(name: string, role: ProcessRole, options: { migrations?: boolean; env?: Record<string, string>; healthyWithinMs?: number } = {}) {
    const port = await freePort();
    const env: Record<string, string> = {};
    for (const key of INHERITED) if (process.env[key] !== undefined) env[key] = process.env[key] as string;
    Object.assign(env, PROCESS_DEFAULTS, {
      ROLE: role,
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      QUEUE_PREFIX: this.prefix,
      MIGRATIONS_RUN: options.migrations ? 'true' : 'false',
    }, this.env, options.env);
    const shop = new ShopProcess(name, role, port, env);
    this.processes.push(shop);
    await shop.waitHealthy(options.healthyWithinMs ?? 120_000);
    return shop;
  }

  /** The end of every process's output: for failure messages. */
  tails(chars = 3000): string {
    return this.processes.map((p) => p.tail(chars)).join('\n');
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.processes.map(async (p) => {
        if (!p.running) return;
        p.signal('SIGKILL');
        await p.exited;
      }),
    );
  }
}

/** The status of a GET, or 0 when nothing answered. */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
