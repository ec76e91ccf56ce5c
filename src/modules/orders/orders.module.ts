import { Module, OnModuleInit } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { CardKeysModule } from '../card-keys';
import { GoodsModule } from '../goods';
import { PaymentsModule } from '../payments';
import { MembershipModule } from '../membership';
import { PromotionsModule } from '../promotions';
import { DeliverOrder } from './application/deliver-order';
import { DynamicDelivery } from './application/dynamic-delivery';
import { DynamicDeliveryAdmin } from './application/dynamic-delivery-admin';
import { MerchantClient } from './application/merchant-client';
import { OrderAdmin } from './application/order-admin';
import { OrderSummary } from './application/order-summary';
import { OrderLifecycle } from './application/order-lifecycle';
import { OrderLookup } from './application/order-lookup';
import { PlaceOrder } from './application/place-order';
import { MemberOrders } from './application/member-orders';
import { MemberPricer } from './application/member-pricer';
import { OrderQuote } from './application/order-quote';
import { PromotionQuoter } from './application/promotion-quoter';
import { validateTransitions } from './domain/order-state-machine';
import { OnAwaitingDynamicDelivery } from './handlers/on-awaiting-dynamic-delivery';
import { OnPaymentSucceeded } from './handlers/on-payment-succeeded';
import { OnStockAdded } from './handlers/on-stock-added';
import { AdminOrderSummaryController } from './http/admin-order-summary.controller';
import { AdminOrdersController } from './http/admin-orders.controller';
import { MemberOrdersController } from './http/member-orders.controller';
import { StorefrontOrdersController } from './http/storefront-orders.controller';
import { DYNAMIC_DELIVERY_QUEUE, DynamicDeliveryQueue } from './jobs/dynamic-delivery-queue';
import { DynamicDeliveryWorker } from './jobs/dynamic-delivery-worker';
import { ExpireUnpaidOrders } from './jobs/expire-unpaid';
import { OrdersFacadeService } from './orders-facade.service';
import { DynamicDeliveriesRepository } from './persistence/dynamic-deliveries.repository';
import { OrdersRepository } from './persistence/orders.repository';
import { OrdersFacade } from './public/orders.facade';

@ModuleLabel('orders')
@Module({
  imports: [
    QueueModule.registerQueues(DYNAMIC_DELIVERY_QUEUE),
    GoodsModule,
    CardKeysModule,
    PaymentsModule,
    PromotionsModule,
    MembershipModule,
  ],
  controllers: [StorefrontOrdersController, MemberOrdersController, AdminOrderSummaryController, AdminOrdersController],
  providers: [
    OrdersRepository,
    OrderLifecycle,
    PromotionQuoter,
    OrderQuote,
    MemberPricer,
    MemberOrders,
    PlaceOrder,
    DeliverOrder,
    OrderLookup,
    OrderAdmin,
    OrderSummary,
    OnPaymentSucceeded,
    OnStockAdded,
    ExpireUnpaidOrders,
    DynamicDeliveriesRepository,
    DynamicDeliveryQueue,
    MerchantClient,
    DynamicDelivery,
    DynamicDeliveryAdmin,
    DynamicDeliveryWorker,
    OnAwaitingDynamicDelivery,
    ...facadeProviders(OrdersFacade, OrdersFacadeService, 'orders'),
  ],
  exports: [OrdersFacade],
})
export class OrdersModule implements OnModuleInit {
  /** The transitions table is checked before the shop serves anything. */
  onModuleInit(): void {
    const problems = validateTransitions();
    if (problems.length > 0) throw new Error(`The order state machine is broken: ${problems.join('; ')}`);
  }
}
