import { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { AdminAccounts } from '../../src/platform/auth/admin-accounts';
import { Clock, FixedClock } from '../../src/platform/clock/clock';
import { freePort } from './free-port';

export interface TestAppOptions {
  /** Settings for this app only (ROLE, THROTTLE_LIMIT, ...), as environment variables. */
  env?: Record<string, string>;
  /** Extra Nest modules, e.g. a test module with subscribers or controllers. */
  imports?: Array<Type | DynamicModule | ForwardReference>;
  /** A clock the test can move. */
  clock?: FixedClock;
  /** Providers to replace, e.g. another module's facade when a test is about one module alone. */
  overrides?: Array<{ provide: unknown; useValue: unknown }>;
}

export interface TestApp {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  /** Creates an admin with these roles and returns its bearer token. */
  adminToken(...roles: string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the real application (real PostgreSQL, Redis, Bull, HTTP) the way main.ts does. Each app
 * gets its own queue prefix unless told otherwise, so test files never see each other's jobs.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const env = { QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`, ...options.env };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let builder = Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] });
    if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
    for (const { provide, useValue } of options.overrides ?? []) builder = builder.overrideProvider(provide).useValue(useValue);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, rawBody: true });
    configureApp(app);
    await app.init();
    const dataSource = app.get(DataSource);
    return {
      app,
      dataSource,
      http: () => request(app.getHttpServer()),
      adminToken: async (...roles: string[]) =>
        (
          await new AdminAccounts(dataSource.manager, () => new Date()).create({
            email: `${roles.join('-')}-${randomUUID().slice(0, 8)}@test.local`,
            roles,
          })
        ).token,
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}

/**
 * The app listening on a real port of 127.0.0.1, with PUBLIC_BASE_URL pointing at it: for tests
 * where something outside the process calls the shop back (fake payment providers, webhooks).
 */
export async function createListeningTestApp(options: TestAppOptions = {}): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const shop = await createTestApp({ ...options, env: { PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...options.env } });
  await shop.app.listen(port, '127.0.0.1');
  return { ...shop, baseUrl };
}

export { freePort } from './free-port';

/** The Authorization header of an admin token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Empties the shared plumbing tables so a test file starts from a known state. */
export async function resetPlatformTables(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `TRUNCATE platform.outbox, platform.inbox, platform.dead_letters, platform.idempotency_keys,
              platform.audit_log, platform.admin_tokens, platform.admin_users`,
  );
}
