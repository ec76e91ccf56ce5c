import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { currentActor } from '../../../platform/auth/actor';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { ConflictError } from '../../../platform/http/app-error';
import { canDo, nextStatus, OrderAction } from '../domain/order-state-machine';
import { OrderRow } from '../persistence/order-row';
import { OrdersRepository } from '../persistence/orders.repository';
import {
  OrderAwaitingDynamicDeliveryV1,
  OrderAwaitingStockV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderExpiredV1,
  OrderPaidV1,
  OrderRefundedV1,
} from '../public/orders.events';

/**
 * The only code that changes an order's status: checks the move against the transitions table,
 * writes the new status, the history row and the transition's event, all in the caller's transaction.
 */
@Injectable()
export class OrderLifecycle {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    private readonly cls: ClsService,
  ) {}

  can(order: OrderRow, action: OrderAction): boolean {
    return canDo(order.status, action);
  }

  async apply(order: OrderRow, action: OrderAction, options: { reason?: string; patch?: Partial<OrderRow> } = {}): Promise<OrderRow> {
    if (!canDo(order.status, action)) {
      throw new ConflictError(`An order that is ${order.status} cannot ${action.replaceAll('_', ' ')}`, 'order_state_conflict', {
        status: order.status,
        action,
      });
    }
    const now = this.clock.now();
    const to = nextStatus(order.status, action);
    const closes = to === 'delivered' || to === 'cancelled' || to === 'refunded' || to === 'expired';
    const updated: OrderRow = { ...order, ...options.patch, status: to, updated_at: now, ...(closes ? { closed_at: now } : {}) };
    await this.orders.update(order.id, { ...options.patch, status: to, updated_at: now, ...(closes ? { closed_at: now } : {}) });
    const actor = currentActor(this.cls);
    await this.orders.recordTransition({
      orderId: order.id,
      from: order.status,
      to,
      action,
      reason: options.reason,
      actor: actor.type === 'system' ? 'system' : `${actor.type}:${actor.label}`,
      at: now,
    });
    await this.outbox.publish(this.eventFor(action, updated, now, options.reason ?? ''));
    return updated;
  }

  private eventFor(action: OrderAction, o: OrderRow, now: Date, reason: string): object {
    const at = now.toISOString();
    const ref = [o.id, o.order_no, o.goods_id, o.quantity, o.member_id] as const;
    switch (action) {
      case 'pay':
        return new OrderPaidV1(...ref, o.paid_payment_id as string, o.paid_amount_minor as number, o.currency, at);
      case 'deliver':
        return new OrderDeliveredV1(...ref, at);
      case 'await_stock':
        return new OrderAwaitingStockV1(...ref, at);
      case 'await_dynamic_delivery':
        return new OrderAwaitingDynamicDeliveryV1(...ref, at);
      case 'expire':
        return new OrderExpiredV1(...ref, at);
      case 'cancel':
        return new OrderCancelledV1(...ref, reason, at);
      case 'refund':
        return new OrderRefundedV1(...ref, o.paid_amount_minor ?? 0, o.currency, reason, at);
    }
  }
}
