import { Injectable } from '@nestjs/common';
import { DeliveryDeadLetteredV1, EventMetadata, OnIntegrationEvent } from '../../../platform/events';
import { StockAddedV1, StockLowV1 } from '../../card-keys/events';
import {
  OrderAwaitingDynamicDeliveryV1,
  OrderAwaitingStockV1,
  OrderCancelledV1,
  OrderDynamicDeliveryFailedV1,
  OrderDeliveredV1,
  OrderExpiredV1,
  OrderPaidV1,
  OrderPlacedV1,
  OrderRefundedV1,
} from '../../orders/events';
import { ChannelBreakerOpenedV1, PaymentMismatchV1, PaymentRefundedV1 } from '../../payments/events';
import { TicketOpenedV1, TicketSlaBreachedV1 } from '../../support/events';
import { DeliveryPlanner } from '../application/delivery-planner';

/**
 * One subscriber per event type of the catalogue (domain/event-catalogue.ts): each plans a
 * delivery to every active endpoint that chose the type. One subscriber each, not one for all, so
 * the platform retries and dead-letters each type on its own.
 */
@Injectable()
export class ForwardEvents {
  constructor(private readonly planner: DeliveryPlanner) {}

  @OnIntegrationEvent(OrderPlacedV1, { name: 'webhooks.forward-order-placed' })
  async orderPlaced(event: OrderPlacedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderPaidV1, { name: 'webhooks.forward-order-paid' })
  async orderPaid(event: OrderPaidV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderDeliveredV1, { name: 'webhooks.forward-order-delivered' })
  async orderDelivered(event: OrderDeliveredV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderAwaitingStockV1, { name: 'webhooks.forward-order-awaiting-stock' })
  async orderAwaitingStock(event: OrderAwaitingStockV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderAwaitingDynamicDeliveryV1, { name: 'webhooks.forward-order-awaiting-dynamic-delivery' })
  async orderAwaitingDynamicDelivery(event: OrderAwaitingDynamicDeliveryV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderDynamicDeliveryFailedV1, { name: 'webhooks.forward-order-dynamic-delivery-failed' })
  async orderDynamicDeliveryFailed(event: OrderDynamicDeliveryFailedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderExpiredV1, { name: 'webhooks.forward-order-expired' })
  async orderExpired(event: OrderExpiredV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderCancelledV1, { name: 'webhooks.forward-order-cancelled' })
  async orderCancelled(event: OrderCancelledV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(OrderRefundedV1, { name: 'webhooks.forward-order-refunded' })
  async orderRefunded(event: OrderRefundedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(StockLowV1, { name: 'webhooks.forward-stock-low' })
  async stockLow(event: StockLowV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(StockAddedV1, { name: 'webhooks.forward-stock-added' })
  async stockAdded(event: StockAddedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(PaymentMismatchV1, { name: 'webhooks.forward-payment-mismatch' })
  async paymentMismatch(event: PaymentMismatchV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(PaymentRefundedV1, { name: 'webhooks.forward-payment-refunded' })
  async paymentRefunded(event: PaymentRefundedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(ChannelBreakerOpenedV1, { name: 'webhooks.forward-channel-breaker-opened' })
  async channelBreakerOpened(event: ChannelBreakerOpenedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(TicketOpenedV1, { name: 'webhooks.forward-ticket-opened' })
  async ticketOpened(event: TicketOpenedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(TicketSlaBreachedV1, { name: 'webhooks.forward-ticket-sla-breached' })
  async ticketSlaBreached(event: TicketSlaBreachedV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }

  @OnIntegrationEvent(DeliveryDeadLetteredV1, { name: 'webhooks.forward-dead-letter' })
  async deadLettered(event: DeliveryDeadLetteredV1, meta: EventMetadata): Promise<void> {
    await this.planner.plan(event, meta);
  }
}
