import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { DynamicDeliveryQueue } from '../jobs/dynamic-delivery-queue';
import { DynamicDeliveriesRepository } from '../persistence/dynamic-deliveries.repository';
import { OrderAwaitingDynamicDeliveryV1 } from '../public/orders.events';

/**
 * An order of dynamic goods was paid: queue the call to the merchant. Going through the event
 * (not queuing inside the payment's transaction) means the job only ever exists for a committed
 * order, and a failed queuing is retried like any delivery.
 */
@Injectable()
export class OnAwaitingDynamicDelivery {
  constructor(
    private readonly deliveries: DynamicDeliveriesRepository,
    private readonly queue: DynamicDeliveryQueue,
  ) {}

  @OnIntegrationEvent(OrderAwaitingDynamicDeliveryV1, { name: 'orders.queue-dynamic-delivery' })
  async handle(event: OrderAwaitingDynamicDeliveryV1): Promise<void> {
    const delivery = await this.deliveries.byOrder(event.orderId);
    if (!delivery || delivery.status !== 'pending') return;
    await this.queue.enqueue(event.orderId, delivery.round);
  }
}
