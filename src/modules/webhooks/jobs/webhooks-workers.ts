import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { runsWorkers } from '../../../platform/config/process-role';
import { JobQueue } from '../../../platform/queue/job-queue';
import { Scheduler } from '../../../platform/queue/scheduler';
import { DeliverySender } from '../application/delivery-sender';
import { DeliveryStore } from '../persistence/delivery-store';
import { DELIVERY_QUEUE, DeliveryJob, DeliveryQueue } from './delivery-queue';

/** A pending delivery this long past its due time has lost its job (Redis flushed, or its runs used up). */
const OVERDUE_GRACE_MS = 2 * 60_000;

/** Sends webhooks on worker nodes, and every minute queues again any pending delivery whose job was lost. */
@Injectable()
export class WebhooksWorkers implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly scheduler: Scheduler,
    private readonly sender: DeliverySender,
    private readonly deliveries: DeliveryStore,
    private readonly queue: DeliveryQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('webhooks.requeue-overdue', 60_000, async () => {
      await this.requeueOverdue();
    });
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.ROLE)) return;
    this.jobs.process<DeliveryJob>(DELIVERY_QUEUE, this.config.WEBHOOK_CONCURRENCY, (job) => this.sender.run(job));
  }

  /** Queues overdue deliveries again; a job still waiting or running for one is left alone. Returns how many were looked at. */
  async requeueOverdue(): Promise<number> {
    const overdue = await this.deliveries.overdue(new Date(this.clock.now().getTime() - OVERDUE_GRACE_MS), 500);
    for (const { id, series } of overdue) await this.queue.requeue(id, series);
    if (overdue.length > 0) this.logger.warn({ count: overdue.length }, 'overdue webhook deliveries queued again');
    return overdue.length;
  }
}
