import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { runAsModule } from '../observability/current-module';
import { Metrics } from '../observability/metrics';
import { QueuedJob } from '../queue/job-queue';
import { DeadLetters } from './dead-letters';
import { DeliveryJob } from './event-delivery';
import { isTimeLimitError, SERVER_LIMITS_SQL, serverEndsStuckTransactions, serverLimitParams, withinTimeLimit } from './delivery-time-limit';
import { eventClassFor, EventMetadata } from './integration-event';
import { Subscriber, SubscriberRegistry } from './subscriber-registry';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: Record<string, unknown>;
  occurred_at: Date;
  request_id: string | null;
}

export type DeliveryOutcome = 'handled' | 'duplicate';

/**
 * Runs one (event, subscriber) delivery. The subscriber's effect and the inbox row that says
 * "done" commit in one transaction: a redelivered event finds the row and has no second effect,
 * and a failed attempt leaves neither behind. An attempt that outlives EVENT_HANDLER_TIMEOUT_MS
 * fails like any other (retried with backoff, dead-lettered at the end), so a subscriber that
 * hangs holds a worker slot and a database connection for that long at most.
 */
@Injectable()
export class EventDeliveryWorker {
  private readonly logger = new Logger('EventDelivery');
  private readonly limitMs: number;
  private readonly serverLimits: [string, string] | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly subscribers: SubscriberRegistry,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.limitMs = config.EVENT_HANDLER_TIMEOUT_MS;
    this.serverLimits = serverEndsStuckTransactions(dataSource) ? serverLimitParams(this.limitMs) : null;
  }

  /** Runs as the subscriber's module, so the delivery's database time is charged to it. */
  deliver(job: QueuedJob<DeliveryJob>): Promise<DeliveryOutcome> {
    const subscriber = this.subscribers.get(job.data.subscriber);
    return runAsModule(subscriber?.owner ?? 'platform', () => this.attempt(job, subscriber));
  }

  private async attempt(job: QueuedJob<DeliveryJob>, subscriber: Subscriber | undefined): Promise<DeliveryOutcome> {
    const { eventId, subscriber: name } = job.data;
    const started = process.hrtime.bigint();
    let eventType = 'unknown';
    try {
      if (!subscriber) throw new Error(`No subscriber named ${name} in this process`);
      const row = await this.loadEvent(eventId);
      eventType = row.type;
      this.metrics.eventLag
        .labels(subscriber.owner)
        .observe((this.clock.now().getTime() - row.occurred_at.getTime()) / 1000);
      const outcome = await this.runInTransaction(subscriber, row);
      this.record(subscriber, 'success', started);
      return outcome;
    } catch (error) {
      const owner = subscriber?.owner ?? 'platform';
      this.metrics.eventsHandled.labels(owner, name, isTimeLimitError(error) ? 'timeout' : 'failure').inc();
      const attempt = job.attemptsMade + 1;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(`${name} failed on event ${eventId} (attempt ${attempt}/${job.maxAttempts}): ${message}`);
      if (attempt >= job.maxAttempts) {
        await this.deadLetters.record({ eventId, subscriber: name, eventType, owner, attempts: attempt, error: message });
        this.logger.error(`${name} dead-lettered event ${eventId} after ${attempt} attempts`);
      }
      throw error;
    }
  }

  private async runInTransaction(subscriber: Subscriber, row: OutboxRow): Promise<DeliveryOutcome> {
    const event = this.revive(row);
    const meta: EventMetadata = {
      eventId: row.id,
      type: row.type,
      version: row.version,
      occurredAt: row.occurred_at,
      requestId: row.request_id,
    };
    return this.cls.run(async () => {
      this.cls.set(CLS_ID, row.request_id ?? `event:${row.id}`);
      return this.txHost.withTransaction(async () => {
        if (this.serverLimits) await this.txHost.tx.query(SERVER_LIMITS_SQL, this.serverLimits);
        const inserted: unknown[] = await this.txHost.tx.query(
          `INSERT INTO platform.inbox (event_id, subscriber, processed_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [row.id, subscriber.name, this.clock.now()],
        );
        if (inserted.length === 0) return 'duplicate' as const;
        await withinTimeLimit(subscriber.handle(event, meta), this.limitMs, subscriber.name);
        return 'handled' as const;
      });
    });
  }

  private async loadEvent(eventId: string): Promise<OutboxRow> {
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, type, version, payload, occurred_at, request_id FROM platform.outbox WHERE id = $1`,
      [eventId],
    );
    if (!rows[0]) throw new Error(`Event ${eventId} is not in the outbox`);
    return rows[0];
  }

  private revive(row: OutboxRow): object {
    const cls = eventClassFor({ type: row.type, version: row.version });
    if (!cls) throw new Error(`No class is registered for event ${row.type} v${row.version}`);
    return Object.assign(Object.create(cls.prototype) as object, row.payload);
  }

  private record(subscriber: Subscriber, outcome: 'success', started: bigint): void {
    this.metrics.eventsHandled.labels(subscriber.owner, subscriber.name, outcome).inc();
    this.metrics.eventDuration
      .labels(subscriber.owner, subscriber.name)
      .observe(Number(process.hrtime.bigint() - started) / 1e9);
  }
}
