import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { OrderCancelledV1, OrderExpiredV1, OrderPaidV1, OrderRefundedV1 } from '../../orders/events';
import { OrderHolds } from '../application/order-holds';

/** The order's life moves its promotion hold: paid → consumed; expired or cancelled → given back; refunded → the coupon use returns. */
@Injectable()
export class OnOrderEvents {
  constructor(private readonly holds: OrderHolds) {}

  @OnIntegrationEvent(OrderPaidV1, { name: 'promotions.consume-hold' })
  async paid(event: OrderPaidV1): Promise<void> {
    await this.holds.consume(event.orderId, { amountMinor: event.amountMinor, currency: event.currency });
  }

  @OnIntegrationEvent(OrderExpiredV1, { name: 'promotions.release-expired-hold' })
  async expired(event: OrderExpiredV1): Promise<void> {
    await this.holds.release(event.orderId);
  }

  @OnIntegrationEvent(OrderCancelledV1, { name: 'promotions.release-cancelled-hold' })
  async cancelled(event: OrderCancelledV1): Promise<void> {
    await this.holds.release(event.orderId);
  }

  @OnIntegrationEvent(OrderRefundedV1, { name: 'promotions.return-refunded-coupon' })
  async refunded(event: OrderRefundedV1): Promise<void> {
    await this.holds.refund(event.orderId);
  }
}
