import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { rowsOf } from '../../../platform/database/sql-result';
import type { AlertKind, BuyerKind, EmailKind, EmailStatus, Language } from '../domain/email-kinds';
import { messageIdOf } from '../domain/message-id';
import type { EmailRow } from './email-row';

/**
 * The e-mail outbox (notifications.emails). Subscribers add rows in their event's transaction;
 * senders claim due rows with a lease, send them outside any transaction, and record how it went.
 */
@Injectable()
export class EmailOutboxStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Queues a buyer's mail about an order; false when that order already has one of this kind. */
  async addBuyerMail(input: {
    kind: BuyerKind;
    orderId: string;
    recipient: string;
    language: Language;
    data: Record<string, unknown>;
    messageIdDomain: string;
    now: Date;
  }): Promise<boolean> {
    const id = randomUUID();
    const rows = await this.txHost.tx.query(
      `INSERT INTO notifications.emails
         (id, audience, kind, order_id, recipients, language, data, status, scheduled_for, next_attempt_at,
          message_id, created_at, updated_at)
       VALUES ($1, 'buyer', $2, $3, $4, $5, $6, 'pending', $7, $7, $8, $7, $7)
       ON CONFLICT (kind, order_id) WHERE audience = 'buyer' DO NOTHING
       RETURNING id`,
      [id, input.kind, input.orderId, [input.recipient], input.language, JSON.stringify(input.data), input.now, messageIdOf(id, 0, input.messageIdDomain)],
    );
    return rowsOf(rows).length > 0;
  }

  /**
   * Serialises alerts of one kind and key until the caller's transaction ends, so two events of the
   * same key never both find no pending alert and each start one.
   */
  async lockAlertKey(kind: AlertKind, collapseKey: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`notifications.alert\n${kind}\n${collapseKey}`]);
  }

  /** Adds an event to the alert of this key still waiting to be sent; its id, or null when none waits. */
  async gatherIntoPendingAlert(input: { kind: AlertKind; collapseKey: string; item: unknown; maxItems: number; now: Date }): Promise<string | null> {
    const rows = rowsOf<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE notifications.emails
            SET occurrences = occurrences + 1,
                data = CASE WHEN jsonb_array_length(data->'items') < $4
                            THEN jsonb_set(data, '{items}', (data->'items') || jsonb_build_array($3::jsonb))
                            ELSE data END,
                updated_at = $5
          WHERE audience = 'merchant' AND kind = $1 AND collapse_key = $2 AND status = 'pending'
          RETURNING id`,
        [input.kind, input.collapseKey, JSON.stringify(input.item), input.maxItems, input.now],
      ),
    );
    return rows[0]?.id ?? null;
  }

  /**
   * When the latest alert of this key went out: its sending time, or its due time while it has not
   * gone (or never did). The next alert of the key is held until a window after it.
   */
  async lastAlertAt(kind: AlertKind, collapseKey: string): Promise<Date | null> {
    const [row] = (await this.txHost.tx.query(
      `SELECT max(GREATEST(scheduled_for, COALESCE(sent_at, scheduled_for))) AS at FROM notifications.emails
        WHERE audience = 'merchant' AND kind = $1 AND collapse_key = $2`,
      [kind, collapseKey],
    )) as Array<{ at: Date | null }>;
    return row?.at ?? null;
  }

  async addAlert(input: {
    kind: AlertKind;
    collapseKey: string;
    recipients: string[];
    language: Language;
    item: unknown;
    dueAt: Date;
    messageIdDomain: string;
    now: Date;
  }): Promise<string> {
    const id = randomUUID();
    await this.txHost.tx.query(
      `INSERT INTO notifications.emails
         (id, audience, kind, collapse_key, recipients, language, data, status, scheduled_for, next_attempt_at,
          message_id, created_at, updated_at)
       VALUES ($1, 'merchant', $2, $3, $4, $5, $6, 'pending', $7, $7, $8, $9, $9)`,
      [id, input.kind, input.collapseKey, input.recipients, input.language, JSON.stringify({ items: [input.item] }), input.dueAt, messageIdOf(id, 0, input.messageIdDomain), input.now],
    );
    return id;
  }

  /**
   * Rows whose lease ended while they were being sent (the sender died) and that have no attempt
   * left become `failed`: the last attempt may or may not have gone out, so a person decides.
   */
  async failAbandoned(now: Date, maxAttempts: number): Promise<number> {
    const rows = rowsOf(
      await this.txHost.tx.query(
        `UPDATE notifications.emails
            SET status = 'failed', lease_until = NULL, updated_at = $1,
                last_error = 'the sender stopped during the last attempt; it may or may not have been sent'
          WHERE status = 'sending' AND lease_until <= $1 AND attempts >= $2
          RETURNING id`,
        [now, maxAttempts],
      ),
    );
    return rows.length;
  }

  /**
   * Takes up to `limit` due rows for this sender until `leaseUntil` and counts an attempt on each:
   * pending rows whose time has come, and rows another sender took but did not finish in time. Rows
   * another sender is claiming right now are skipped, never waited for.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<EmailRow[]> {
    return rowsOf<EmailRow>(
      await this.txHost.tx.query(
        `UPDATE notifications.emails e
            SET status = 'sending', lease_until = $2, attempts = e.attempts + 1, updated_at = $1
           FROM (SELECT id FROM notifications.emails
                  WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1)
                  ORDER BY next_attempt_at, id
                  LIMIT $3
                  FOR UPDATE SKIP LOCKED) due
          WHERE e.id = due.id
          RETURNING e.*`,
        [now, leaseUntil, limit],
      ),
    );
  }

  /**
   * Records the outcome of an attempt, only if this sender still holds the row (same attempt count,
   * still `sending`): a sender whose lease ran out and was taken over writes nothing.
   */
  async finishAttempt(
    row: Pick<EmailRow, 'id' | 'attempts'>,
    outcome:
      | { status: 'sent'; smtpResponse: string }
      | { status: 'pending'; nextAttemptAt: Date; error: string }
      | { status: 'failed' | 'skipped'; error: string },
    now: Date,
  ): Promise<boolean> {
    const sent = outcome.status === 'sent';
    const rows = rowsOf(
      await this.txHost.tx.query(
        `UPDATE notifications.emails
            SET status = $3, lease_until = NULL, updated_at = $4,
                next_attempt_at = COALESCE($5, next_attempt_at),
                last_error = CASE WHEN $3 = 'sent' THEN last_error ELSE $6 END,
                smtp_response = COALESCE($7, smtp_response),
                sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END
          WHERE id = $1 AND attempts = $2 AND status = 'sending'
          RETURNING id`,
        [
          row.id,
          row.attempts,
          outcome.status,
          now,
          outcome.status === 'pending' ? outcome.nextAttemptAt : null,
          sent ? null : outcome.error,
          sent ? outcome.smtpResponse.slice(0, 500) : null,
        ],
      ),
    );
    return rows.length > 0;
  }

  /** Puts claimed rows that were not tried back, without the attempt the claim counted. */
  async putBack(rows: Array<Pick<EmailRow, 'id' | 'attempts'>>, nextAttemptAt: Date, reason: string, now: Date): Promise<void> {
    for (const row of rows) {
      await this.txHost.tx.query(
        `UPDATE notifications.emails
            SET status = 'pending', lease_until = NULL, attempts = attempts - 1, updated_at = $3,
                next_attempt_at = GREATEST(next_attempt_at, $4), last_error = $5
          WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
        [row.id, row.attempts, now, nextAttemptAt, reason],
      );
    }
  }

  async byId(id: string): Promise<EmailRow | null> {
    const [row] = (await this.txHost.tx.query(`SELECT * FROM notifications.emails WHERE id = $1`, [id])) as EmailRow[];
    return row ?? null;
  }

  /**
   * Queues a failed or sent e-mail again with fresh attempts; a sent one gets a new generation (and
   * so a new Message-ID: it is meant to arrive again). Null when the row is in no state to resend.
   */
  async requeue(id: string, messageIdOfGeneration: (generation: number) => string, now: Date): Promise<EmailRow | null> {
    const [current] = (await this.txHost.tx.query(`SELECT * FROM notifications.emails WHERE id = $1 FOR UPDATE`, [id])) as EmailRow[];
    if (!current || !['failed', 'sent'].includes(current.status)) return null;
    const generation = current.status === 'sent' ? current.generation + 1 : current.generation;
    const [row] = rowsOf<EmailRow>(
      await this.txHost.tx.query(
        `UPDATE notifications.emails
            SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL, last_error = NULL,
                generation = $3, message_id = $4, updated_at = $2
          WHERE id = $1
          RETURNING *`,
        [id, now, generation, messageIdOfGeneration(generation)],
      ),
    );
    return row;
  }

  async list(filter: { status?: EmailStatus; kind?: EmailKind; orderId?: string; limit: number; offset: number }): Promise<{ items: EmailRow[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.orderId) add('order_id = ?', filter.orderId);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const items = (await this.txHost.tx.query(
      `SELECT * FROM notifications.emails ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as EmailRow[];
    const [{ total }] = (await this.txHost.tx.query(`SELECT count(*)::int AS total FROM notifications.emails ${where}`, params)) as [{ total: number }];
    return { items, total };
  }
}
