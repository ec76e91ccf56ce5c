import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { Clock } from '../../../platform/clock/clock';
import { CardKeysFacade } from '../../card-keys';
import { PaymentsFacade } from '../../payments';
import { DynamicDeliveriesRepository } from '../persistence/dynamic-deliveries.repository';
import { ORDER_LINE, OrderRow } from '../persistence/order-row';
import { OrderFilter, OrdersRepository } from '../persistence/orders.repository';
import { DynamicDeliveryAdmin } from './dynamic-delivery-admin';
import { OrderLifecycle } from './order-lifecycle';
import { adminView } from './order-views';

/**
 * What the back office does to an order. Each action is audited with its reason and goes through
 * the same paths as the automatic flow (a manual confirmation is settled like a callback).
 * Callers run each method in a transaction.
 */
@Injectable()
export class OrderAdmin {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly lifecycle: OrderLifecycle,
    private readonly payments: PaymentsFacade,
    private readonly cardKeys: CardKeysFacade,
    private readonly audit: AuditLog,
    private readonly dynamicDeliveries: DynamicDeliveriesRepository,
    private readonly dynamicDeliveryAdmin: DynamicDeliveryAdmin,
    private readonly clock: Clock,
  ) {}

  async list(filter: OrderFilter) {
    const { items, total } = await this.orders.list(filter);
    return { items: items.map(adminView), total };
  }

  async detail(orderId: string) {
    const order = await this.mustFind(orderId);
    return {
      ...adminView(order),
      buyerAnswers: order.buyer_inputs,
      fulfilmentNote: order.fulfilment_note,
      transitions: await this.orders.transitions(orderId),
      payments: await this.payments.paymentsOf(orderId),
      // Dynamic goods: where getting the items from the merchant stands (last error, calls); else null.
      dynamicDelivery: order.delivery_type === 'dynamic' ? await this.dynamicDeliveryAdmin.viewOf(orderId) : null,
    };
  }

  async confirmPayment(orderId: string, providerTxnId: string, reason: string) {
    const order = await this.mustFind(orderId, true);
    if (!this.lifecycle.can(order, 'pay')) {
      throw new ConflictError(`An order that is ${order.status} cannot be confirmed as paid`, 'order_state_conflict');
    }
    const payment = await this.payments.confirmManually({ orderId, providerTxnId, reason });
    await this.audit.record({ action: 'orders.confirm-payment', targetType: 'order', targetId: orderId, reason, details: { paymentId: payment.paymentId, providerTxnId } });
    return { orderId, payment };
  }

  async resendKeys(orderId: string, reason: string) {
    const order = await this.mustFind(orderId);
    if (order.status !== 'delivered') throw new ConflictError(`Only a delivered order has keys to re-send; this one is ${order.status}`, 'order_state_conflict');
    const keys = await this.cardKeys.deliveredKeys({ orderId, reason });
    await this.audit.record({ action: 'orders.resend-keys', targetType: 'order', targetId: orderId, reason, details: { keys: keys.length } });
    return { orderId, keys: keys.map(({ keyId, secret }) => ({ keyId, secret })) };
  }

  async replaceKey(orderId: string, keyId: string, reason: string) {
    const order = await this.mustFind(orderId, true);
    if (order.status !== 'delivered') throw new ConflictError(`Only a delivered order's key can be replaced; this one is ${order.status}`, 'order_state_conflict');
    const key = await this.cardKeys.replaceKey({ orderId, keyId, reason });
    await this.audit.record({ action: 'orders.replace-key', targetType: 'order', targetId: orderId, reason, details: { oldKeyId: keyId, newKeyId: key.keyId } });
    return { orderId, key: { keyId: key.keyId, secret: key.secret } };
  }

  /**
   * Manual goods: the merchant has delivered by hand (topped up the account, ...) and says so; the
   * order is delivered like any other (OrderDeliveredV1, the buyer's e-mail) and the note is shown
   * to the buyer.
   */
  async fulfil(orderId: string, reason: string, note: string | null) {
    const order = await this.mustFind(orderId, true);
    if (order.delivery_type !== 'manual') {
      throw new ConflictError(`Only an order of manual goods is fulfilled by hand; this one is ${order.delivery_type}`, 'order_not_manual');
    }
    if (order.status !== 'paid') {
      throw new ConflictError(`Only a paid order can be fulfilled; this one is ${order.status}`, 'order_state_conflict', { status: order.status });
    }
    const delivered = await this.lifecycle.apply(order, 'deliver', {
      reason,
      patch: { delivered_at: this.clock.now(), fulfilment_note: note },
    });
    await this.audit.record({ action: 'orders.fulfil', targetType: 'order', targetId: orderId, reason, details: { noted: note !== null } });
    return { ...adminView(delivered), fulfilmentNote: delivered.fulfilment_note };
  }

  async refund(orderId: string, reason: string) {
    const order = await this.mustFind(orderId, true);
    if (!this.lifecycle.can(order, 'refund') || !order.paid_payment_id) {
      throw new ConflictError(`An order that is ${order.status} cannot be refunded`, 'order_state_conflict');
    }
    const refund = await this.payments.refund({ paymentId: order.paid_payment_id, reason });
    const refunded = await this.lifecycle.apply(order, 'refund', { reason });
    if (order.status === 'paid_awaiting_stock' || order.status === 'paid') {
      await this.cardKeys.release({ orderId, lineId: ORDER_LINE });
    }
    // Refunded before the merchant answered: no further calls (a call in flight finds it refunded).
    if (order.status === 'awaiting_dynamic_delivery') await this.dynamicDeliveries.abandon(orderId, this.clock.now());
    await this.audit.record({ action: 'orders.refund', targetType: 'order', targetId: orderId, reason, details: { paymentId: order.paid_payment_id, outcome: refund.outcome, amountMinor: refund.amountMinor } });
    return { ...adminView(refunded), refund };
  }

  async cancel(orderId: string, reason: string) {
    const order = await this.mustFind(orderId, true);
    const cancelled = await this.lifecycle.apply(order, 'cancel', { reason });
    await this.cardKeys.release({ orderId, lineId: ORDER_LINE });
    await this.audit.record({ action: 'orders.cancel', targetType: 'order', targetId: orderId, reason });
    return adminView(cancelled);
  }

  private async mustFind(orderId: string, lock = false): Promise<OrderRow> {
    const order = await this.orders.byId(orderId, lock);
    if (!order) throw new NotFoundError(`No order ${orderId}`, 'order_not_found');
    return order;
  }
}
