import { IntegrationEvent } from '../../../platform/events';

/** Fields every order event carries. */
interface OrderRef {
  orderId: string;
  orderNo: string;
  goodsId: string;
  quantity: number;
  memberId: string | null;
}

@IntegrationEvent('orders.order.placed', 1)
export class OrderPlacedV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly totalMinor: number,
    readonly currency: string,
    readonly placedAt: string,
  ) {}
}

/** The order's payment settled: the amount actually paid is what commissions and points use. */
@IntegrationEvent('orders.order.paid', 1)
export class OrderPaidV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly paymentId: string,
    readonly amountMinor: number,
    readonly currency: string,
    readonly paidAt: string,
  ) {}
}

@IntegrationEvent('orders.order.delivered', 1)
export class OrderDeliveredV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly deliveredAt: string,
  ) {}
}

/** Paid but no keys left: it waits for a restock (support opens a ticket on this). */
@IntegrationEvent('orders.order.awaiting-stock', 1)
export class OrderAwaitingStockV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly since: string,
  ) {}
}

/**
 * Paid order of dynamic goods: the shop is asking the merchant's URL for its items (retried with
 * backoff). Delivered (`orders.order.delivered`) when the merchant answers.
 */
@IntegrationEvent('orders.order.awaiting-dynamic-delivery', 1)
export class OrderAwaitingDynamicDeliveryV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly since: string,
  ) {}
}

/**
 * Every call of a round to the merchant's URL failed: the order stays `awaiting_dynamic_delivery`
 * until an admin retries (`POST /admin/orders/:id/retry-delivery`) or refunds it. `error` is the
 * last failure, in the shop's words (never the merchant's items).
 */
@IntegrationEvent('orders.order.dynamic-delivery-failed', 1)
export class OrderDynamicDeliveryFailedV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly attempts: number,
    readonly error: string,
    readonly failedAt: string,
  ) {}
}

@IntegrationEvent('orders.order.expired', 1)
export class OrderExpiredV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly expiredAt: string,
  ) {}
}

@IntegrationEvent('orders.order.cancelled', 1)
export class OrderCancelledV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly reason: string,
    readonly cancelledAt: string,
  ) {}
}

/** Money went back: commissions are reversed, coupon usage and points restored. */
@IntegrationEvent('orders.order.refunded', 1)
export class OrderRefundedV1 implements OrderRef {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly goodsId: string,
    readonly quantity: number,
    readonly memberId: string | null,
    readonly amountMinor: number,
    readonly currency: string,
    readonly reason: string,
    readonly refundedAt: string,
  ) {}
}

/** A payment arrived for an order that was already paid (or closed): it is refunded or flagged. */
@IntegrationEvent('orders.order.duplicate-payment', 1)
export class OrderDuplicatePaymentV1 {
  constructor(
    readonly orderId: string,
    readonly orderNo: string,
    readonly paymentId: string,
    readonly amountMinor: number,
    readonly outcome: 'refunded' | 'flagged',
    readonly at: string,
  ) {}
}
