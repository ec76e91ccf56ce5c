import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { KEY_BEARING_EVENT } from '../domain/event-catalogue';
import { DeliveryQueue } from '../jobs/delivery-queue';
import { AttemptRecord, AttemptStore } from '../persistence/attempt-store';
import { DeliveryRecord, DeliveryStatus, DeliveryStore } from '../persistence/delivery-store';
import { EndpointStore } from '../persistence/endpoint-store';

export function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    series: d.series,
    attemptsInSeries: d.seriesAttempts,
    totalAttempts: d.totalAttempts,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    completedAt: d.completedAt?.toISOString() ?? null,
  };
}

const attemptView = (a: AttemptRecord) => ({
  series: a.series,
  attempt: a.attempt,
  at: a.at.toISOString(),
  durationMs: a.durationMs,
  outcome: a.outcome,
  statusCode: a.statusCode,
  error: a.error,
  responseSnippet: a.responseSnippet,
  carriedKeys: a.carriedKeys,
});

/** Deliveries and their attempts for the admin, and resending one (a new series of attempts). */
@Injectable()
export class DeliveriesAdmin {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly attempts: AttemptStore,
    private readonly endpoints: EndpointStore,
    private readonly queue: DeliveryQueue,
    private readonly audit: AuditLog,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async list(filter: { endpointId?: string; status?: DeliveryStatus; eventType?: string }, limit: number, offset: number) {
    const { items, total } = await this.deliveries.list(filter, limit, offset);
    return { items: items.map(deliveryView), total, limit, offset };
  }

  /** One delivery with what it sends (the event's data; keys are added only at send time) and every attempt. */
  async get(id: string) {
    const delivery = await this.mustFind(id);
    const attempts = await this.attempts.of(id);
    return {
      ...deliveryView(delivery),
      occurredAt: delivery.occurredAt.toISOString(),
      data: delivery.data,
      keysAddedAtSend: delivery.eventType === KEY_BEARING_EVENT && attempts.some((a) => a.carriedKeys),
      attempts: attempts.map(attemptView),
    };
  }

  /**
   * Sends a finished delivery again: a new series of up to WEBHOOK_MAX_ATTEMPTS attempts, with the
   * same delivery id (receivers de-duplicate on it). A key-bearing delivery reads the keys again.
   */
  async resend(id: string, reason: string | undefined) {
    const series = await this.txHost.withTransaction(async () => {
      const delivery = await this.mustFind(id, true);
      if (delivery.status === 'pending') {
        throw new ConflictError('This delivery is still being attempted; wait for it to succeed or fail', 'delivery_in_progress');
      }
      const endpoint = await this.endpoints.byId(delivery.endpointId);
      if (!endpoint) throw new ConflictError('The endpoint of this delivery was deleted', 'webhook_endpoint_deleted');
      if (!endpoint.active) throw new ConflictError('The endpoint of this delivery is switched off; switch it on first', 'webhook_endpoint_inactive');
      const restarted = await this.deliveries.restart(id, this.clock.now());
      if (restarted === null) throw new ConflictError('This delivery is still being attempted', 'delivery_in_progress');
      await this.audit.record({
        action: 'webhooks.delivery.resend',
        targetType: 'webhook-delivery',
        targetId: id,
        reason,
        details: { endpointId: endpoint.id, eventType: delivery.eventType, previousStatus: delivery.status, series: restarted },
      });
      return restarted;
    });
    try {
      await this.queue.add(id, series);
    } catch (error) {
      this.logger.error({ err: error, deliveryId: id }, 'could not queue the resend; the overdue sweep will');
    }
    return deliveryView(await this.mustFind(id));
  }

  private async mustFind(id: string, lock = false): Promise<DeliveryRecord> {
    const delivery = await this.deliveries.byId(id, lock);
    if (!delivery) throw new NotFoundError(`No webhook delivery ${id}`, 'webhook_delivery_not_found');
    return delivery;
  }
}
