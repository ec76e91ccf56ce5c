import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { JobQueue } from '../../../platform/queue/job-queue';

/** Webhook deliveries wait here to be sent; one job per series of attempts of a delivery. */
export const DELIVERY_QUEUE = 'webhooks.deliveries';

/** Only ids travel through Redis: the body is built from the database when it is sent. */
export interface DeliveryJob {
  deliveryId: string;
  series: number;
}

/**
 * Runs kept in reserve beyond WEBHOOK_MAX_ATTEMPTS: a job whose delivery is not in the database
 * (its planning transaction rolled back, and may be retried) is run again without it counting
 * as an attempt at the receiver.
 */
const SPARE_RUNS = 3;

@Injectable()
export class DeliveryQueue {
  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** Queues a series (a no-op while its job is queued already). */
  async add(deliveryId: string, series: number): Promise<void> {
    await this.jobs.add<DeliveryJob>(DELIVERY_QUEUE, 'deliver', { deliveryId, series }, this.options(deliveryId, series));
  }

  /** Queues a series again even if a finished job of it is still remembered (lost-job sweep). */
  async requeue(deliveryId: string, series: number): Promise<void> {
    await this.jobs.requeue<DeliveryJob>(DELIVERY_QUEUE, 'deliver', { deliveryId, series }, this.options(deliveryId, series));
  }

  private options(deliveryId: string, series: number) {
    return {
      jobId: `${deliveryId}:${series}`,
      attempts: this.config.WEBHOOK_MAX_ATTEMPTS + SPARE_RUNS,
      backoffMs: this.config.WEBHOOK_RETRY_BACKOFF_MS,
    };
  }
}
