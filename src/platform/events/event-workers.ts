import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { runsWorkers } from '../config/process-role';
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
export class EventWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
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

  async onApplicationShutdown(): Promise<void> {
    await this.relayLoop.stop();
  }

  private async sampleGauges(): Promise<void> {
    await Promise.all(
      QUEUE_OWNERS.map(async (owner) => {
        const queue = eventQueueOf(owner);
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
