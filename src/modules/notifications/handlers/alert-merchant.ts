import { Injectable } from '@nestjs/common';
import { DeliveryDeadLetteredV1, EventMetadata, OnIntegrationEvent } from '../../../platform/events';
import { StockLowV1 } from '../../card-keys/events';
import { OrderAwaitingStockV1, OrderDynamicDeliveryFailedV1 } from '../../orders/events';
import { ChannelBreakerOpenedV1, PaymentMismatchV1 } from '../../payments/events';
import { TicketSlaBreachedV1 } from '../../support/events';
import { AlertRequests } from '../application/alert-requests';

/**
 * The merchant is told at once (MERCHANT_ALERT_EMAILS) when something needs a person. Each alert
 * carries the event's facts only: ids, amounts, counts, times, never a key or a credential.
 */
@Injectable()
export class AlertMerchant {
  constructor(private readonly alerts: AlertRequests) {}

  @OnIntegrationEvent(StockLowV1, { name: 'notifications.alert-stock-low' })
  async stockLow(e: StockLowV1, meta: EventMetadata): Promise<void> {
    await this.alerts.raise('alert_stock_low', { goodsId: e.goodsId, available: e.available, threshold: e.threshold, at: meta.occurredAt.toISOString() });
  }

  @OnIntegrationEvent(OrderAwaitingStockV1, { name: 'notifications.alert-awaiting-stock' })
  async awaitingStock(e: OrderAwaitingStockV1): Promise<void> {
    await this.alerts.raise('alert_order_awaiting_stock', { orderId: e.orderId, orderNo: e.orderNo, goodsId: e.goodsId, quantity: e.quantity, since: e.since });
  }

  @OnIntegrationEvent(PaymentMismatchV1, { name: 'notifications.alert-payment-mismatch' })
  async paymentMismatch(e: PaymentMismatchV1): Promise<void> {
    await this.alerts.raise('alert_payment_mismatch', {
      paymentId: e.paymentId,
      orderId: e.orderId,
      channel: e.channel,
      expectedAmountMinor: e.expectedAmountMinor,
      reportedAmountMinor: e.reportedAmountMinor,
      expectedCurrency: e.expectedCurrency,
      reportedCurrency: e.reportedCurrency,
      providerTxnId: e.providerTxnId,
      detectedAt: e.detectedAt,
    });
  }

  @OnIntegrationEvent(DeliveryDeadLetteredV1, { name: 'notifications.alert-dead-letter' })
  async deadLetter(e: DeliveryDeadLetteredV1): Promise<void> {
    await this.alerts.raise('alert_dead_letter', {
      eventId: e.eventId,
      eventType: e.eventType,
      subscriber: e.subscriber,
      attempts: e.attempts,
      error: e.error.slice(0, 500),
      failedAt: e.failedAt,
    });
  }

  @OnIntegrationEvent(ChannelBreakerOpenedV1, { name: 'notifications.alert-breaker-opened' })
  async breakerOpened(e: ChannelBreakerOpenedV1): Promise<void> {
    await this.alerts.raise('alert_channel_breaker_opened', { channelId: e.channelId, channel: e.channel, retryInMs: e.retryInMs, openedAt: e.openedAt });
  }

  @OnIntegrationEvent(OrderDynamicDeliveryFailedV1, { name: 'notifications.alert-dynamic-delivery-failed' })
  async dynamicDeliveryFailed(e: OrderDynamicDeliveryFailedV1): Promise<void> {
    await this.alerts.raise('alert_dynamic_delivery_failed', {
      orderId: e.orderId,
      orderNo: e.orderNo,
      goodsId: e.goodsId,
      quantity: e.quantity,
      attempts: e.attempts,
      error: e.error.slice(0, 500),
      failedAt: e.failedAt,
    });
  }

  @OnIntegrationEvent(TicketSlaBreachedV1, { name: 'notifications.alert-sla-breached' })
  async slaBreached(e: TicketSlaBreachedV1): Promise<void> {
    await this.alerts.raise('alert_sla_breached', { ticketId: e.ticketId, kind: e.kind, priority: e.priority, dueAt: e.dueAt, breachedAt: e.breachedAt });
  }
}
