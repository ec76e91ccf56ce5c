import { Injectable } from '@nestjs/common';
import { EventMetadata, OnIntegrationEvent } from '../../../platform/events';
import { OrderPaidV1, OrderRefundedV1 } from '../../orders/events';
import { MemberPoints } from '../application/member-points';

/** A member's paid order earns points and spend; a refund takes them back. Guests' orders are not ours. */
@Injectable()
export class OnOrderEvents {
  constructor(private readonly points: MemberPoints) {}

  @OnIntegrationEvent(OrderPaidV1, { name: 'membership.earn-points' })
  async paid(event: OrderPaidV1, meta: EventMetadata): Promise<void> {
    if (event.memberId) await this.points.earn(movementOf(event, event.memberId, meta));
  }

  @OnIntegrationEvent(OrderRefundedV1, { name: 'membership.revoke-points' })
  async refunded(event: OrderRefundedV1, meta: EventMetadata): Promise<void> {
    if (event.memberId) await this.points.revoke(movementOf(event, event.memberId, meta));
  }
}

/** What a paid or refunded order means for points: the same fields either way. */
function movementOf(event: OrderPaidV1 | OrderRefundedV1, memberId: string, meta: EventMetadata) {
  return { eventId: meta.eventId, orderId: event.orderId, orderNo: event.orderNo, memberId, amountMinor: event.amountMinor, currency: event.currency };
}
