import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditLog } from '../../../platform/audit/audit-log';
import { AppConfig } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { DynamicDeliveryQueue } from '../jobs/dynamic-delivery-queue';
import { DynamicDeliveriesRepository, DynamicDeliveryAttemptRow, DynamicDeliveryRow } from '../persistence/dynamic-deliveries.repository';
import { OrdersRepository } from '../persistence/orders.repository';

const ATTEMPTS_SHOWN = 20;

/** What the admin's order view shows of a dynamic delivery: where it stands and the latest calls. */
export function dynamicDeliveryView(d: DynamicDeliveryRow, maxAttempts: number, calls: DynamicDeliveryAttemptRow[] = []) {
  return {
    requestId: d.request_id,
    status: d.status,
    round: d.round,
    attempts: d.attempts,
    maxAttempts,
    lastError: d.last_error,
    lastAttemptAt: d.last_attempt_at,
    deliveredAt: d.delivered_at,
    calls: calls.map((c) => ({
      round: c.round,
      attempt: c.attempt,
      at: c.at,
      outcome: c.outcome,
      httpStatus: c.http_status,
      durationMs: c.duration_ms,
      error: c.error,
    })),
  };
}

/** The back office's side of dynamic delivery: the state in the order view, and "try again". */
@Injectable()
export class DynamicDeliveryAdmin {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly orders: OrdersRepository,
    private readonly deliveries: DynamicDeliveriesRepository,
    private readonly queue: DynamicDeliveryQueue,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async viewOf(orderId: string) {
    const delivery = await this.deliveries.byOrder(orderId);
    if (!delivery) return null;
    return dynamicDeliveryView(delivery, this.config.DYNAMIC_DELIVERY_MAX_ATTEMPTS, await this.deliveries.attempts(orderId, ATTEMPTS_SHOWN));
  }

  /**
   * Starts a new round of calls (after the merchant fixed its side), audited. Allowed while the
   * order is awaiting dynamic delivery, whether the last round failed or is still retrying: a round
   * still backing off is superseded. The request id stays the same.
   */
  async retry(orderId: string, reason: string) {
    const delivery = await this.txHost.withTransaction(async () => {
      const order = await this.orders.byId(orderId, true);
      if (!order) throw new NotFoundError(`No order ${orderId}`, 'order_not_found');
      if (order.status !== 'awaiting_dynamic_delivery') {
        throw new ConflictError(`Only an order awaiting dynamic delivery can be retried; this one is ${order.status}`, 'order_state_conflict', {
          status: order.status,
        });
      }
      const before = await this.deliveries.byOrder(orderId);
      const next = await this.deliveries.startRound(orderId, this.clock.now());
      await this.audit.record({
        action: 'orders.retry-delivery',
        targetType: 'order',
        targetId: orderId,
        reason,
        details: { round: next.round, previousStatus: before?.status ?? null, previousAttempts: before?.attempts ?? 0, lastError: before?.last_error ?? null },
      });
      return next;
    });
    // Queued once the round is committed: the job reads it. Should this fail, the sweep queues it.
    await this.queue.enqueue(orderId, delivery.round);
    return { orderId, status: 'awaiting_dynamic_delivery', dynamicDelivery: dynamicDeliveryView(delivery, this.config.DYNAMIC_DELIVERY_MAX_ATTEMPTS) };
  }
}
