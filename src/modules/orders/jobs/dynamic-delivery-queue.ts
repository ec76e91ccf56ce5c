import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { JobQueue } from '../../../platform/queue/job-queue';

/** Calls to merchants' dynamic-delivery URLs, one job per (order, round), retried by Bull with backoff. */
export const DYNAMIC_DELIVERY_QUEUE = 'orders.dynamic-deliveries';

export interface DynamicDeliveryJob {
  orderId: string;
  /** A job whose round is no longer the delivery's current one stops without calling. */
  round: number;
}

/** Queues the calls of a delivery round: DYNAMIC_DELIVERY_MAX_ATTEMPTS tries, backoff doubling from DYNAMIC_DELIVERY_BACKOFF_MS. */
@Injectable()
export class DynamicDeliveryQueue {
  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** Call after the transaction that started the round committed (the job reads what it wrote). */
  async enqueue(orderId: string, round: number): Promise<void> {
    await this.jobs.add<DynamicDeliveryJob>(DYNAMIC_DELIVERY_QUEUE, 'deliver', { orderId, round }, this.options(orderId, round));
  }

  /** Queues the round again unless its job is still waiting or running (the job was lost). */
  async requeue(orderId: string, round: number): Promise<void> {
    await this.jobs.requeue<DynamicDeliveryJob>(DYNAMIC_DELIVERY_QUEUE, 'deliver', { orderId, round }, this.options(orderId, round));
  }

  private options(orderId: string, round: number) {
    return {
      jobId: `dynamic-delivery:${orderId}:${round}`,
      attempts: this.config.DYNAMIC_DELIVERY_MAX_ATTEMPTS,
      backoffMs: this.config.DYNAMIC_DELIVERY_BACKOFF_MS,
    };
  }
}
