import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { CardKeysFacade, OutOfStockError } from '../../card-keys';
import { ORDER_LINE, OrderRow } from '../persistence/order-row';
import { OrderLifecycle } from './order-lifecycle';

/**
 * Hands a paid order its keys: delivered when the vault has them, otherwise it waits for stock
 * (and is delivered by the restock handler). Manual goods stay `paid` for the merchant.
 */
@Injectable()
export class DeliverOrder {
  constructor(
    private readonly cardKeys: CardKeysFacade,
    private readonly lifecycle: OrderLifecycle,
    private readonly clock: Clock,
  ) {}

  /** Call with the order locked (FOR UPDATE) in the current transaction. */
  async run(order: OrderRow): Promise<OrderRow> {
    if (order.delivery_type !== 'auto') return order;
    try {
      await this.cardKeys.deliver({ orderId: order.id, lineId: ORDER_LINE, goodsId: order.goods_id, quantity: order.quantity });
    } catch (error) {
      if (!(error instanceof OutOfStockError)) throw error;
      return order.status === 'paid' ? this.lifecycle.apply(order, 'await_stock') : order;
    }
    return this.lifecycle.apply(order, 'deliver', { patch: { delivered_at: this.clock.now() } });
  }
}
