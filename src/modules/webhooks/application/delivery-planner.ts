import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import type { EventMetadata } from '../../../platform/events';
import { deliveryIdOf } from '../domain/delivery-id';
import { DeliveryQueue } from '../jobs/delivery-queue';
import { DeliveryStore } from '../persistence/delivery-store';
import { EndpointStore } from '../persistence/endpoint-store';

/**
 * Turns one integration event into one delivery per active endpoint that chose its type. Runs in
 * the subscriber's transaction: the deliveries commit with the inbox row, and a delivery is unique
 * per (event, endpoint), so a redelivered event plans nothing twice.
 */
@Injectable()
export class DeliveryPlanner {
  constructor(
    private readonly endpoints: EndpointStore,
    private readonly deliveries: DeliveryStore,
    private readonly queue: DeliveryQueue,
    private readonly clock: Clock,
  ) {}

  async plan(event: object, meta: EventMetadata): Promise<number> {
    const endpoints = await this.endpoints.subscribedTo(meta.type);
    const now = this.clock.now();
    // The event's own fields, as published (the revived event is a class instance).
    const data = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
    let planned = 0;
    for (const endpoint of endpoints) {
      const id = deliveryIdOf(meta.eventId, endpoint.id);
      await this.deliveries.lockForPlanning(id);
      const inserted = await this.deliveries.insertOnce({
        id,
        endpointId: endpoint.id,
        eventId: meta.eventId,
        eventType: meta.type,
        eventVersion: meta.version,
        occurredAt: meta.occurredAt,
        data,
        status: 'pending',
        series: 1,
        seriesAttempts: 0,
        totalAttempts: 0,
        nextAttemptAt: now,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      });
      if (!inserted) continue;
      // Queued before this transaction commits: the job waits on the planning lock until it does
      // (DeliverySender). If Redis refuses, the subscriber fails and the event is retried.
      await this.queue.add(id, 1);
      planned += 1;
    }
    return planned;
  }
}
