// The public API of the orders module: the only file other modules may import.
export { OrdersFacade } from './public/orders.facade';
export type { DeliveryNotice, OrderKey, OrderSummary } from './public/orders.contracts';
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
export { OrdersModule } from './orders.module';
