import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { StockAddedV1 } from '../../card-keys';
import { DeliverOrder } from '../application/deliver-order';
import { OrdersRepository } from '../persistence/orders.repository';

const BATCH = 100;

/**
 * Keys arrived for a goods item: orders waiting for stock are delivered, oldest payment first,
 * until the stock runs out again (the vault undoes a delivery it could not complete).
 */
@Injectable()
export class OnStockAdded {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly deliver: DeliverOrder,
  ) {}

  @OnIntegrationEvent(StockAddedV1, { name: 'orders.deliver-awaiting-stock' })
  async handle(event: StockAddedV1): Promise<void> {
    const waiting = await this.orders.awaitingStockIds(event.goodsId, BATCH);
    for (const id of waiting) {
      const order = await this.orders.byId(id, true);
      if (!order || order.status !== 'paid_awaiting_stock') continue;
      const after = await this.deliver.run(order);
      if (after.status !== 'delivered') break; // stock ran out again: the rest keep waiting
    }
  }
}
