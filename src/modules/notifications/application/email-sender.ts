import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { afterFailure, FIRST_RETRY_DELAY_MS, MAX_SEND_ATTEMPTS } from '../domain/retry-policy';
import { smtpFailureOf } from '../domain/smtp-failure';
import { SmtpMailer } from '../mail/smtp-mailer';
import { EmailOutboxStore } from '../persistence/email-outbox-store';
import type { EmailRow } from '../persistence/email-row';
import { EmailRenderer } from './email-renderer';
import { MailSettings } from './mail-settings';

/** Rows taken per claim. */
const BATCH = 10;
/** A claimed row is this sender's for this long; one attempt takes far less (see SmtpMailer's timeouts). */
export const SEND_LEASE_MS = 5 * 60_000;
/** One run stops claiming after this long (real time), so it never holds the schedule queue for long. */
const RUN_BUDGET_MS = 20_000;

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  /** Claimed but not tried because the server was unavailable: they wait without spending an attempt. */
  deferred: number;
}

/**
 * Sends what is due in the e-mail outbox. Each row is claimed with a lease (`FOR UPDATE SKIP
 * LOCKED`, in its own short statement), rendered and sent outside any transaction, and its outcome
 * recorded only if this sender still holds it. A failure waits 30 s, 1 min, 2 min, ... (up to an
 * hour) and after MAX_SEND_ATTEMPTS attempts the row is `failed` for an admin to look at.
 *
 * When the server itself cannot be used (down, refusing connections or our login, 421), the rest of
 * the batch is put back to wait as long as the row that failed, without spending their attempts.
 * Every attempt of a row carries the same Message-ID, so a retry after a lost answer can be
 * recognised as a duplicate by the receiving side.
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly outbox: EmailOutboxStore,
    private readonly renderer: EmailRenderer,
    private readonly mailer: SmtpMailer,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  async sendDue(): Promise<SendReport> {
    const report: SendReport = { sent: 0, retrying: 0, failed: 0, skipped: 0, deferred: 0 };
    if (!this.settings.enabled) return report;
    const started = Date.now();
    report.failed += await this.outbox.failAbandoned(this.clock.now(), MAX_SEND_ATTEMPTS);
    while (Date.now() - started < RUN_BUDGET_MS) {
      const now = this.clock.now();
      const batch = await this.outbox.claimDue(now, new Date(now.getTime() + SEND_LEASE_MS), BATCH);
      for (let i = 0; i < batch.length; i += 1) {
        const outcome = await this.attempt(batch[i]);
        report[outcome.result] += 1;
        if (outcome.serverUnavailable && outcome.nextAttemptAt) {
          const untried = batch.slice(i + 1);
          await this.outbox.putBack(untried, outcome.nextAttemptAt, `not tried: the mail server was unavailable (${outcome.error})`, this.clock.now());
          report.deferred += untried.length;
          return report;
        }
      }
      if (batch.length < BATCH) break;
    }
    return report;
  }

  private async attempt(row: EmailRow): Promise<{
    result: 'sent' | 'retrying' | 'failed' | 'skipped';
    serverUnavailable?: boolean;
    nextAttemptAt?: Date;
    error?: string;
  }> {
    let rendering;
    try {
      rendering = await this.renderer.render(row);
    } catch (e) {
      // Reading the order failed (the database, the vault): try again later like a send failure.
      return this.failed(row, `could not render: ${e instanceof Error ? e.message.slice(0, 300) : 'unknown error'}`, false);
    }
    if ('skip' in rendering) {
      await this.outbox.finishAttempt(row, { status: 'skipped', error: rendering.skip }, this.clock.now());
      return { result: 'skipped' };
    }
    if ('fail' in rendering) {
      await this.outbox.finishAttempt(row, { status: 'failed', error: rendering.fail }, this.clock.now());
      return { result: 'failed' };
    }
    try {
      const { response } = await this.mailer.send({ ...rendering.mail, to: row.recipients, messageId: row.message_id });
      await this.outbox.finishAttempt(row, { status: 'sent', smtpResponse: response }, this.clock.now());
      return { result: 'sent' };
    } catch (e) {
      const failure = smtpFailureOf(e);
      return this.failed(row, failure.description, failure.serverUnavailable);
    }
  }

  private async failed(row: EmailRow, error: string, serverUnavailable: boolean) {
    const now = this.clock.now();
    const next = afterFailure(row.attempts, now);
    if (next.status === 'failed') {
      this.logger.warn({ emailId: row.id, kind: row.kind, attempts: row.attempts, error }, 'e-mail failed for good');
      await this.outbox.finishAttempt(row, { status: 'failed', error }, now);
      return { result: 'failed' as const, serverUnavailable, error, nextAttemptAt: new Date(now.getTime() + FIRST_RETRY_DELAY_MS) };
    }
    await this.outbox.finishAttempt(row, { status: 'pending', nextAttemptAt: next.nextAttemptAt, error }, now);
    return { result: 'retrying' as const, serverUnavailable, error, nextAttemptAt: next.nextAttemptAt };
  }
}
