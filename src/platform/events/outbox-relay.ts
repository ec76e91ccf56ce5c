import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import { JobQueue } from '../queue/job-queue';
import { eventQueueOf } from '../queue/queue-names';
import { DeliveryJob, deliveryJobId } from './event-delivery';
import { SubscriberRegistry } from './subscriber-registry';

interface PendingEvent {
  id: string;
  type: string;
  version: number;
}

/**
 * Moves committed events from `platform.outbox` to their subscribers' queues: one job per
 * (event, subscriber) with the id `<eventId>:<subscriber>`. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of worker processes relay side by side without handing
 * out an event twice; if a process dies after queueing and before marking, the next relay queues
 * the same job ids again, which the queue ignores and the inbox would absorb anyway.
 *
 * The batch is the ambient transaction, so a queue kept in the database (no Redis) writes the jobs
 * in it: relayed and queued commit together.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    private readonly cls: ClsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobQueue,
    private readonly subscribers: SubscriberRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Relays one batch; returns how many events it took. */
  async relayBatch(): Promise<number> {
    // A context of its own: the relay loop has none, and a caller's transaction must not be joined.
    return this.cls.run(() => this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const events: PendingEvent[] = await manager.query(
        `SELECT id, type, version FROM platform.outbox
          WHERE relayed_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_BATCH_SIZE],
      );
      if (events.length === 0) return 0;
      await Promise.all(events.flatMap((event) => this.enqueueDeliveries(event)));
      await manager.query(`UPDATE platform.outbox SET relayed_at = $2 WHERE id = ANY($1::uuid[])`, [
        events.map((e) => e.id),
        this.clock.now(),
      ]);
      return events.length;
    }));
  }

  /** Relays until nothing is left; returns the total. */
  async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  private enqueueDeliveries(event: PendingEvent): Promise<void>[] {
    const subscribers = this.subscribers.subscribersOf(`${event.type}@v${event.version}`);
    if (subscribers.length === 0) {
      this.logger.debug(`event ${event.type} v${event.version} ${event.id} has no subscriber`);
    }
    return subscribers.map((subscriber) =>
      this.jobs.add<DeliveryJob>(
        eventQueueOf(subscriber.owner),
        subscriber.name,
        { eventId: event.id, subscriber: subscriber.name },
        {
          jobId: deliveryJobId(event.id, subscriber.name),
          attempts: this.config.EVENT_MAX_ATTEMPTS,
          backoffMs: this.config.EVENT_RETRY_BACKOFF_MS,
        },
      ),
    );
  }
}
