import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { CardKeysFacade } from '../../card-keys';
import { keysInVault } from '../domain/delivery-type';
import { OrdersRepository } from '../persistence/orders.repository';
import { OrderLookup } from './order-lookup';
import { buyerView, BuyerOrderView } from './order-views';

/**
 * A signed-in member's orders: the ones placed while signed in, and guest orders they claimed by
 * proving they know the order's contact and query password (counted like any lookup, so claiming
 * is no way around the lookup's rate limit).
 */
@Injectable()
export class MemberOrders {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly lookup: OrderLookup,
    private readonly cardKeys: CardKeysFacade,
    private readonly clock: Clock,
  ) {}

  async list(memberId: string, limit: number, offset: number) {
    const { items, total } = await this.orders.list({ memberId, limit, offset });
    return { items: items.map((o) => buyerView(o, [])), total, limit, offset };
  }

  /** One of the member's orders, with its keys once delivered; another member's order reads as missing. */
  async get(memberId: string, orderNo: string): Promise<BuyerOrderView> {
    const order = await this.orders.byOrderNo(orderNo);
    if (!order || order.member_id !== memberId) throw new NotFoundError(`You have no order ${orderNo}`, 'order_not_found');
    const delivered = order.status === 'delivered' || order.status === 'refunded';
    const keys = delivered && keysInVault(order.delivery_type) ? await this.cardKeys.deliveredKeys({ orderId: order.id, reason: 'member viewed the order' }) : [];
    return buyerView(order, keys);
  }

  async claim(memberId: string, input: { orderNo: string; contact: string; password: string; client: string }): Promise<BuyerOrderView> {
    const order = await this.lookup.verify(input);
    if (!(await this.orders.claimForMember(order.id, memberId, this.clock.now()))) {
      throw new ConflictError('This order belongs to another member', 'order_claimed_by_another');
    }
    return this.get(memberId, order.order_no);
  }
}
