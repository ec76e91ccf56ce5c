// The integration events orders publishes. Subscribers import them from here ('../orders/events'):
// event contracts depend on nothing but the platform, so subscribing never makes a module cycle.
export {
  OrderAwaitingDynamicDeliveryV1,
  OrderAwaitingStockV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderDuplicatePaymentV1,
  OrderDynamicDeliveryFailedV1,
  OrderExpiredV1,
  OrderPaidV1,
  OrderPlacedV1,
  OrderRefundedV1,
} from './public/orders.events';
