import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { OrderPaidV1, OrderRefundedV1 } from '../../orders/events';
import { RefundReversal } from '../application/refund-reversal';
import { SaleRecording } from '../application/sale-recording';

/** Paid orders of members earn their upline commissions; refunds take them back. */
@Injectable()
export class OnOrderEvents {
  constructor(
    private readonly sales: SaleRecording,
    private readonly refunds: RefundReversal,
  ) {}

  @OnIntegrationEvent(OrderPaidV1, { name: 'referrals.record-sale' })
  async paid(event: OrderPaidV1): Promise<void> {
    await this.sales.record(event);
  }

  @OnIntegrationEvent(OrderRefundedV1, { name: 'referrals.reverse-commissions' })
  async refunded(event: OrderRefundedV1): Promise<void> {
    await this.refunds.reverse(event);
  }
}
