import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { OrderAwaitingStockV1 } from '../../orders/events';
import { OrdersFacade } from '../../orders';
import { PaymentMismatchV1 } from '../../payments/events';
import { OrderRef, TicketOpening } from '../application/ticket-opening';
import { TicketConversation } from '../application/ticket-conversation';
import { TicketStore } from '../persistence/ticket-store';

const money = (minor: number, currency: string) => `${minor} ${currency} (minor units)`;

/**
 * The shop opens tickets by itself when something needs a person: an order paid but waiting for
 * stock, a genuine payment notification with another amount or currency. One ticket per cause: the
 * inbox stops a redelivered event, the unique cause key stops a second event about the same cause.
 */
@Injectable()
export class OpenSystemTickets {
  constructor(
    private readonly opening: TicketOpening,
    private readonly conversation: TicketConversation,
    private readonly tickets: TicketStore,
    private readonly orders: OrdersFacade,
  ) {}

  @OnIntegrationEvent(OrderAwaitingStockV1, { name: 'support.open-awaiting-stock-ticket' })
  async awaitingStock(event: OrderAwaitingStockV1): Promise<void> {
    await this.opening.forSystem({
      causeKey: `order-awaiting-stock:${event.orderId}`,
      category: 'not_received',
      priority: 'high',
      subject: `Paid order ${event.orderNo} is waiting for stock`,
      note:
        `Order ${event.orderNo} was paid, but no card keys were left for ${event.quantity} × goods ${event.goodsId}: ` +
        `it has been waiting for stock since ${event.since}. It is delivered by itself as soon as keys are imported ` +
        `or released; until then the buyer has paid and has nothing. Restock, or refund the order.`,
      order: await this.orderRef(event.orderId, { orderNo: event.orderNo, memberId: event.memberId }),
    });
  }

  @OnIntegrationEvent(PaymentMismatchV1, { name: 'support.open-payment-mismatch-ticket' })
  async paymentMismatch(event: PaymentMismatchV1): Promise<void> {
    const causeKey = `payment-mismatch:${event.paymentId}`;
    const order = await this.orderRef(event.orderId, { orderNo: null, memberId: null });
    const expected = money(event.expectedAmountMinor, event.expectedCurrency);
    const reported = money(event.reportedAmountMinor, event.reportedCurrency);
    const facts =
      `Channel ${event.channel} reported ${reported} for payment ${event.paymentId} (provider transaction ${event.providerTxnId}); ` +
      `the payment expects ${expected}. Nothing was settled.`;
    const opened = await this.opening.forSystem({
      causeKey,
      category: 'other',
      priority: 'urgent',
      subject: `Payment mismatch on order ${order.orderNo ?? event.orderId}: ${reported} reported, ${expected} expected`,
      note: `${facts} Check the payment at the provider: confirm it by hand (finance) if the right amount did arrive, or have the buyer refunded.`,
      order,
    });
    if (!opened) {
      // The same payment reported wrong again (another provider transaction): one ticket, one more note.
      const ticket = await this.tickets.byCause(causeKey, true);
      if (ticket) await this.conversation.systemNotes(ticket, `Another mismatched notification. ${facts}`);
    }
  }

  /** The order as orders knows it, or what the event says when orders has no such order. */
  private async orderRef(orderId: string, fallback: { orderNo: string | null; memberId: string | null }): Promise<OrderRef> {
    const summary = await this.orders.summaryById(orderId);
    if (summary) return { orderId, orderNo: summary.orderNo, memberId: summary.memberId, contact: summary.contact };
    return { orderId, orderNo: fallback.orderNo, memberId: fallback.memberId, contact: null };
  }
}
