import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { runsWorkers } from '../config/process-role';
import { ownerOfJob } from '../observability/current-module';
import { Metrics } from '../observability/metrics';
import { JobQueue } from '../queue/job-queue';
import { eventQueueOf, QUEUE_OWNERS } from '../queue/queue-names';
import { DeadLetters } from './dead-letters';
import { DeliveryJob } from './event-delivery';
import { EventDeliveryWorker } from './event-delivery-worker';
import { RelayLoop } from './relay-loop';
import { DataSource } from 'typeorm';

/** Starts the relay and the delivery consumers on worker nodes (ROLE=all or worker). */
@Injectable()
export class EventWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly worker: EventDeliveryWorker,
    private readonly relayLoop: RelayLoop,
    private readonly metrics: Metrics,
    private readonly deadLetters: DeadLetters,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.sampleOnScrape(() => this.sampleGauges());
    if (!runsWorkers(this.config.ROLE)) return;
    for (const owner of QUEUE_OWNERS) {
      this.jobs.process<DeliveryJob>(
        eventQueueOf(owner),
        this.config.EVENT_WORKER_CONCURRENCY,
        async (job) => {
          await this.worker.deliver(job);
        },
      );
    }
    this.relayLoop.start();
  }

  /**
   * The relay stops before the queues close (Nest closes them in onApplicationShutdown), so it never
   * hands events to a closed queue; what it leaves is relayed by another worker or the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relayLoop.stop();
  }

  private async sampleGauges(): Promise<void> {
    // Every module's event queue, and the module job queues this process runs (imports, settlements, ...).
    const queues = new Map<string, string>(QUEUE_OWNERS.map((owner) => [eventQueueOf(owner), owner]));
    for (const queue of this.jobs.consumedQueues()) if (!queues.has(queue)) queues.set(queue, ownerOfJob(queue, ''));
    await Promise.all(
      [...queues].map(async ([queue, owner]) => {
        const counts = await this.jobs.counts(queue);
        for (const [state, n] of Object.entries(counts)) {
          this.metrics.queueJobs.labels(owner, queue, state).set(n);
        }
      }),
    );
    this.metrics.deadLetters.reset();
    for (const { queue, count } of await this.deadLetters.countDeadByQueue()) {
      this.metrics.deadLetters.labels(queue.replace(/\.events$/, '')).set(count);
    }
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM platform.outbox WHERE relayed_at IS NULL`,
    )) as [{ count: number }];
    this.metrics.outboxPending.set(count);
  }
}
