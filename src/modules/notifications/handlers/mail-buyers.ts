import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { OrderDeliveredV1, OrderRefundedV1 } from '../../orders/events';
import { BuyerMailRequests } from '../application/buyer-mail-requests';

/**
 * Buyers whose contact is an e-mail address are written to when their order is delivered (the keys)
 * and when it is refunded. Each subscriber only queues a row in the event's transaction; the inbox
 * and the outbox's unique (kind, order) keep a redelivered or republished event from queuing twice.
 */
@Injectable()
export class MailBuyers {
  constructor(private readonly requests: BuyerMailRequests) {}

  @OnIntegrationEvent(OrderDeliveredV1, { name: 'notifications.mail-delivered-order' })
  async delivered(event: OrderDeliveredV1): Promise<void> {
    await this.requests.request('buyer_order_delivered', event.orderId);
  }

  @OnIntegrationEvent(OrderRefundedV1, { name: 'notifications.mail-refunded-order' })
  async refunded(event: OrderRefundedV1): Promise<void> {
    // The refund's own amount (a partial refund is less than the order); the reason is the shop's, not the buyer's.
    await this.requests.request('buyer_order_refunded', event.orderId, { amountMinor: event.amountMinor, currency: event.currency });
  }
}
