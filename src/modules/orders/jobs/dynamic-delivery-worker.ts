import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { runsWorkers } from '../../../platform/config/process-role';
import { Clock } from '../../../platform/clock/clock';
import { JobQueue } from '../../../platform/queue/job-queue';
import { Scheduler } from '../../../platform/queue/scheduler';
import { DynamicDelivery } from '../application/dynamic-delivery';
import { DynamicDeliveriesRepository } from '../persistence/dynamic-deliveries.repository';
import { DYNAMIC_DELIVERY_QUEUE, DynamicDeliveryJob, DynamicDeliveryQueue } from './dynamic-delivery-queue';

/** Calls to merchants wait on the network, not the CPU: several at once per worker. */
const CONCURRENCY = 5;
/** A pending delivery with no call for this long has lost its job (Redis lost it, a crash...). */
const STALE_AFTER_MS = 10 * 60_000;
const SWEEP_BATCH = 100;

/**
 * Runs the calls to merchants (worker role), and every minute queues again the pending deliveries
 * whose job went missing, so a paid order is never left waiting with nothing working on it.
 */
@Injectable()
export class DynamicDeliveryWorker implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly scheduler: Scheduler,
    private readonly delivery: DynamicDelivery,
    private readonly deliveries: DynamicDeliveriesRepository,
    private readonly queue: DynamicDeliveryQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('orders.requeue-dynamic-deliveries', 60_000, async () => {
      await this.requeueStale();
    });
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.ROLE)) return;
    this.jobs.process<DynamicDeliveryJob>(DYNAMIC_DELIVERY_QUEUE, CONCURRENCY, async (job) => {
      await this.delivery.attempt({ ...job.data, attemptsMade: job.attemptsMade, maxAttempts: job.maxAttempts });
    });
  }

  /** Returns how many deliveries were looked at (their jobs re-added unless still queued). */
  async requeueStale(): Promise<number> {
    const stale = await this.deliveries.stalePending(new Date(this.clock.now().getTime() - STALE_AFTER_MS), SWEEP_BATCH);
    for (const d of stale) await this.queue.requeue(d.order_id, d.round);
    return stale.length;
  }
}
