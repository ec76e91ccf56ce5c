import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { CardKeysFacade, OutOfStockError } from '../../card-keys';
import { DynamicDeliveriesRepository } from '../persistence/dynamic-deliveries.repository';
import { ORDER_LINE, OrderRow } from '../persistence/order-row';
import { OrderLifecycle } from './order-lifecycle';

/**
 * Hands a paid order its keys: delivered when the vault has them, otherwise it waits for stock
 * (and is delivered by the restock handler). Dynamic goods wait for the merchant's answer instead:
 * the call is made by a job after this transaction (see DynamicDelivery), never inside it. Manual
 * goods stay `paid` until the merchant has delivered by hand and an operator says so (OrderAdmin.fulfil).
 */
@Injectable()
export class DeliverOrder {
  constructor(
    private readonly cardKeys: CardKeysFacade,
    private readonly lifecycle: OrderLifecycle,
    private readonly dynamicDeliveries: DynamicDeliveriesRepository,
    private readonly clock: Clock,
  ) {}

  /** Call with the order locked (FOR UPDATE) in the current transaction. */
  async run(order: OrderRow): Promise<OrderRow> {
    if (order.delivery_type === 'dynamic') return this.awaitMerchant(order);
    if (order.delivery_type !== 'auto') return order;
    try {
      await this.cardKeys.deliver({ orderId: order.id, lineId: ORDER_LINE, goodsId: order.goods_id, quantity: order.quantity });
    } catch (error) {
      if (!(error instanceof OutOfStockError)) throw error;
      return order.status === 'paid' ? this.lifecycle.apply(order, 'await_stock') : order;
    }
    return this.lifecycle.apply(order, 'deliver', { patch: { delivered_at: this.clock.now() } });
  }

  /** `awaiting_dynamic_delivery` (its event queues the call) with a delivery record for the job. */
  private async awaitMerchant(order: OrderRow): Promise<OrderRow> {
    if (order.status !== 'paid') return order;
    await this.dynamicDeliveries.open(order.id, this.clock.now());
    return this.lifecycle.apply(order, 'await_dynamic_delivery', { reason: "asking the merchant's URL for the items" });
  }
}
