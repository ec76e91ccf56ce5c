import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../http/app-error';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { EventOutbox } from './event-outbox';
import { eventTypeOf } from './integration-event';
import { DeliveryDeadLetteredV1 } from './platform.events';
import { AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import { rowsOf } from '../database/sql-result';
import { JobQueue } from '../queue/job-queue';
import { eventQueueOf, QueueOwner } from '../queue/queue-names';
import { DeliveryJob, deliveryJobId } from './event-delivery';

export interface DeadLetter {
  eventId: string;
  subscriber: string;
  eventType: string;
  queue: string;
  attempts: number;
  lastError: string;
  failedAt: Date;
  status: 'dead' | 'redriven';
  redriveCount: number;
  redrivenAt: Date | null;
  redrivenBy: string | null;
}

interface DeadLetterRow {
  event_id: string;
  subscriber: string;
  event_type: string;
  queue: string;
  attempts: number;
  last_error: string;
  failed_at: Date;
  status: 'dead' | 'redriven';
  redrive_count: number;
  redriven_at: Date | null;
  redriven_by: string | null;
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  eventId: r.event_id,
  subscriber: r.subscriber,
  eventType: r.event_type,
  queue: r.queue,
  attempts: r.attempts,
  lastError: r.last_error,
  failedAt: r.failed_at,
  status: r.status,
  redriveCount: r.redrive_count,
  redrivenAt: r.redriven_at,
  redrivenBy: r.redriven_by,
});

/** Deliveries that used up their retries: kept in PostgreSQL, listed and re-driven by an admin. */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobQueue,
    private readonly outbox: EventOutbox,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async record(input: {
    eventId: string;
    subscriber: string;
    eventType: string;
    owner: QueueOwner;
    attempts: number;
    error: string;
  }): Promise<void> {
    const failedAt = this.clock.now();
    const error = input.error.slice(0, 4000);
    await this.txHost.withTransaction(async () => {
      await this.txHost.tx.query(
        `INSERT INTO platform.dead_letters
           (event_id, subscriber, event_type, queue, attempts, last_error, failed_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'dead')
         ON CONFLICT (event_id, subscriber) DO UPDATE
           SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error,
               failed_at = EXCLUDED.failed_at, status = 'dead'`,
        [input.eventId, input.subscriber, input.eventType, eventQueueOf(input.owner), input.attempts, error, failedAt],
      );
      if (input.eventType !== eventTypeOf(DeliveryDeadLetteredV1).type) {
        await this.outbox.publish(
          new DeliveryDeadLetteredV1(input.eventId, input.eventType, input.subscriber, input.attempts, error.slice(0, 500), failedAt.toISOString()),
        );
      }
    });
  }

  async list(filter: { status?: 'dead' | 'redriven'; limit: number; offset: number }): Promise<{
    items: DeadLetter[];
    total: number;
  }> {
    const where = filter.status ? `WHERE status = $1` : `WHERE $1::text IS NULL`;
    const params = [filter.status ?? null];
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM platform.dead_letters ${where} ORDER BY failed_at DESC, event_id LIMIT $2 OFFSET $3`,
      [...params, filter.limit, filter.offset],
    );
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM platform.dead_letters ${where}`,
      params,
    )) as [{ count: number }];
    return { items: rows.map(toDeadLetter), total: count };
  }

  async countDeadByQueue(): Promise<Array<{ queue: string; count: number }>> {
    return this.dataSource.query(
      `SELECT queue, count(*)::int AS count FROM platform.dead_letters WHERE status = 'dead' GROUP BY queue`,
    );
  }

  /** Queues the delivery again with a fresh set of attempts (joins the caller's transaction). */
  async redrive(eventId: string, subscriber: string, by: string): Promise<DeadLetter> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const rows: DeadLetterRow[] = await manager.query(
        `SELECT * FROM platform.dead_letters WHERE event_id = $1 AND subscriber = $2 FOR UPDATE`,
        [eventId, subscriber],
      );
      const row = rows[0];
      if (!row) throw new NotFoundError(`No dead letter for event ${eventId} and ${subscriber}`, 'dead_letter_not_found');
      if (row.status === 'dead') {
        await this.jobs.requeue<DeliveryJob>(
          row.queue,
          subscriber,
          { eventId, subscriber },
          {
            jobId: deliveryJobId(eventId, subscriber),
            attempts: this.config.EVENT_MAX_ATTEMPTS,
            backoffMs: this.config.EVENT_RETRY_BACKOFF_MS,
          },
        );
        const updated = rowsOf<DeadLetterRow>(await manager.query(
          `UPDATE platform.dead_letters
              SET status = 'redriven', redrive_count = redrive_count + 1, redriven_at = $3, redriven_by = $4
            WHERE event_id = $1 AND subscriber = $2 RETURNING *`,
          [eventId, subscriber, this.clock.now(), by],
        ));
        return toDeadLetter(updated[0]);
      }
      return toDeadLetter(row);
    });
  }
}
