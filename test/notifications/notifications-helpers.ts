import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { EmailSender, type SendReport } from '../../src/modules/notifications/application/email-sender';
import { SendEmails } from '../../src/modules/notifications/jobs/send-emails';
import type { FixedClock } from '../../src/platform/clock/clock';
import { EventOutbox } from '../../src/platform/events';
import { resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, type TestApp } from '../support/test-app';
import { SmtpTestServer } from './smtp-test-server';

export const ALERT_TO = ['merchant@shop.example', 'night-shift@shop.example'];

/**
 * The shop with e-mail on, sending to the test SMTP server. The background send schedule is left out
 * (`SendEmails` does nothing), so a test decides when the sender runs by calling it, with a FixedClock
 * it moves; one test keeps the schedule to show it sends by itself.
 */
export function createMailApp(smtp: SmtpTestServer, options: { clock?: FixedClock; env?: Record<string, string>; withSchedule?: boolean } = {}) {
  return createTestApp({
    clock: options.clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Card Shop <shop@cards.example>',
      MERCHANT_ALERT_EMAILS: ALERT_TO.join(', '),
      PUBLIC_BASE_URL: 'https://cards.example',
      ...options.env,
    },
    overrides: options.withSchedule ? [] : [{ provide: SendEmails, useValue: { onModuleInit: () => undefined } }],
  });
}

export interface MailShop {
  /** Set once `beforeAll` has run. */
  shop: TestApp;
  smtp: SmtpTestServer;
  /** An owner admin's token, new for each test, with the sandbox channel in place. */
  owner: string;
}

/**
 * The set-up the e-mail tests share: a test SMTP server and the mail app with merchant alerts off
 * (unless `env` says otherwise); before each test the clock is back at `startAt`, the mailbox,
 * shop and outbox are empty, and an owner with the sandbox channel exists.
 */
export function useMailShop(options: { clock: FixedClock; startAt: Date; env?: Record<string, string> }): MailShop {
  const state: MailShop = { shop: undefined as unknown as TestApp, smtp: undefined as unknown as SmtpTestServer, owner: '' };
  beforeAll(async () => {
    state.smtp = await SmtpTestServer.start();
    state.shop = await createMailApp(state.smtp, { clock: options.clock, env: { MERCHANT_ALERT_EMAILS: '', ...options.env } });
  });
  beforeEach(async () => {
    options.clock.set(options.startAt);
    state.smtp.clear();
    await resetPlatformTables(state.shop.dataSource);
    await resetShop(state.shop);
    await resetNotifications(state.shop);
    state.owner = await state.shop.adminToken('owner');
    await sandboxChannel(state.shop, state.owner);
  });
  afterAll(async () => {
    await state.shop?.close();
    await state.smtp?.stop();
  });
  return state;
}

/** Runs the sender once, as its schedule does (inside a request-less context). */
export function sendDue(shop: TestApp): Promise<SendReport> {
  return shop.app.get(ClsService).run(() => shop.app.get(EmailSender).sendDue());
}

export async function resetNotifications(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE notifications.emails`);
}

export interface EmailRowSeen {
  id: string;
  kind: string;
  order_id: string | null;
  collapse_key: string | null;
  recipients: string[];
  language: string;
  status: string;
  attempts: number;
  occurrences: number;
  next_attempt_at: Date;
  scheduled_for: Date;
  last_error: string | null;
  message_id: string;
  data: Record<string, unknown>;
}

export async function emailRows(shop: TestApp, where = 'true', params: unknown[] = []): Promise<EmailRowSeen[]> {
  return shop.dataSource.query(`SELECT * FROM notifications.emails WHERE ${where} ORDER BY created_at, scheduled_for, id`, params);
}

/** Everything the notifications schema holds, as text: to prove no key is ever stored in it. */
export async function notificationsTablesAsText(shop: TestApp): Promise<string> {
  const tables: Array<{ t: string }> = await shop.dataSource.query(
    `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'notifications'`,
  );
  const dumps: string[] = [];
  for (const { t } of tables) dumps.push(JSON.stringify(await shop.dataSource.query(`SELECT * FROM ${t}`)));
  return dumps.join('\n');
}

/** Publishes events in one transaction, as their module would, then delivers them. */
export async function publishAndDrain(shop: TestApp, ...events: object[]): Promise<void> {
  const txHost = shop.app.get(TransactionHost);
  const outbox = shop.app.get(EventOutbox);
  await shop.app.get(ClsService).run(() => txHost.withTransaction(() => outbox.publish(...events)));
  await drainEvents(shop.app);
}
