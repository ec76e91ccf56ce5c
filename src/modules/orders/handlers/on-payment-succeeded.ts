import { Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox, OnIntegrationEvent } from '../../../platform/events';
import { PaymentsFacade, PaymentSucceededV1 } from '../../payments';
import { DeliverOrder } from '../application/deliver-order';
import { OrderLifecycle } from '../application/order-lifecycle';
import { OrdersRepository } from '../persistence/orders.repository';
import { OrderDuplicatePaymentV1 } from '../public/orders.events';

/**
 * A payment settled. A pending order (or an expired one: a late payment) becomes paid and gets its
 * keys in the same transaction; a payment for an order that is already paid or closed is sent back
 * (or flagged where the channel cannot refund), never kept silently.
 */
@Injectable()
export class OnPaymentSucceeded {
  private readonly logger = new Logger('OrdersPayment');

  constructor(
    private readonly orders: OrdersRepository,
    private readonly lifecycle: OrderLifecycle,
    private readonly deliver: DeliverOrder,
    private readonly payments: PaymentsFacade,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  @OnIntegrationEvent(PaymentSucceededV1, { name: 'orders.settle-payment' })
  async handle(event: PaymentSucceededV1): Promise<void> {
    const order = await this.orders.byId(event.orderId, true);
    if (!order) {
      this.logger.error(`payment ${event.paymentId} names unknown order ${event.orderId}`);
      return;
    }
    if (order.paid_payment_id === event.paymentId) return; // this very payment was already applied
    if (this.lifecycle.can(order, 'pay')) {
      const paid = await this.lifecycle.apply(order, 'pay', {
        reason: `paid via ${event.channel} (${event.source})`,
        patch: { paid_payment_id: event.paymentId, paid_amount_minor: event.amountMinor, paid_at: this.clock.now() },
      });
      await this.deliver.run(paid);
      return;
    }
    await this.returnDuplicate(order.id, order.order_no, event);
  }

  private async returnDuplicate(orderId: string, orderNo: string, event: PaymentSucceededV1): Promise<void> {
    const refund = await this.payments.refund({
      paymentId: event.paymentId,
      reason: `order ${orderNo} was already paid or closed`,
    });
    const now = this.clock.now();
    const fresh = await this.orders.recordDuplicatePayment({
      paymentId: event.paymentId,
      orderId,
      amountMinor: event.amountMinor,
      outcome: refund.outcome,
      at: now,
    });
    if (!fresh) return;
    await this.audit.record({
      action: 'orders.duplicate-payment',
      targetType: 'order',
      targetId: orderId,
      reason: 'a second payment arrived for a settled order',
      details: { paymentId: event.paymentId, amountMinor: event.amountMinor, outcome: refund.outcome },
    });
    await this.outbox.publish(new OrderDuplicatePaymentV1(orderId, orderNo, event.paymentId, event.amountMinor, refund.outcome, now.toISOString()));
  }
}
