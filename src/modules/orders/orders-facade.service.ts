import { Injectable } from '@nestjs/common';
import { AppConfig, publicBaseUrl } from '../../platform/config/app-config';
import { CardKeysFacade } from '../card-keys';
import { OrderAdmin } from './application/order-admin';
import { OrderLookup } from './application/order-lookup';
import { keysInVault } from './domain/delivery-type';
import { OrderRow } from './persistence/order-row';
import { OrdersRepository } from './persistence/orders.repository';
import type { DeliveryNotice, OrderKey, OrderSummary } from './public/orders.contracts';
import { OrdersFacade } from './public/orders.facade';

@Injectable()
export class OrdersFacadeService extends OrdersFacade {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly lookup: OrderLookup,
    private readonly admin: OrderAdmin,
    private readonly cardKeys: CardKeysFacade,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async deliveryNotice(input: { orderId: string; withKeys: boolean; purpose: string }): Promise<DeliveryNotice | null> {
    const o = await this.orders.byId(input.orderId);
    if (!o) return null;
    const keys = input.withKeys && o.status === 'delivered' && keysInVault(o.delivery_type)
      ? (await this.cardKeys.deliveredKeys({ orderId: o.id, reason: input.purpose })).map(({ keyId, secret }) => ({ keyId, secret }))
      : [];
    return {
      orderId: o.id,
      orderNo: o.order_no,
      status: o.status,
      contact: o.contact,
      language: o.buyer_language,
      goodsTitle: o.goods_title,
      quantity: o.quantity,
      totalMinor: o.total_minor,
      currency: o.currency,
      keys,
      fulfilmentNote: o.status === 'delivered' ? o.fulfilment_note : null,
      lookupUrl: `${publicBaseUrl(this.config)}/orders/${encodeURIComponent(o.order_no)}`,
    };
  }

  async summaryByNo(orderNo: string): Promise<OrderSummary | null> {
    const order = await this.orders.byOrderNo(orderNo);
    return order ? summaryOf(order) : null;
  }

  async summaryById(orderId: string): Promise<OrderSummary | null> {
    const order = await this.orders.byId(orderId);
    return order ? summaryOf(order) : null;
  }

  async verifyBuyer(input: { orderNo: string; contact: string; queryPassword: string; client: string }): Promise<OrderSummary> {
    await this.lookup.verify({ orderNo: input.orderNo, contact: input.contact, password: input.queryPassword, client: input.client });
    return (await this.summaryByNo(input.orderNo)) as OrderSummary;
  }

  async ordersOfBuyer(buyer: { memberId?: string; contact?: string }, limit: number): Promise<OrderSummary[]> {
    if (!buyer.memberId && !buyer.contact) return [];
    const { items } = await this.orders.list({ memberId: buyer.memberId, contact: buyer.memberId ? undefined : buyer.contact, limit, offset: 0 });
    return items.map(summaryOf);
  }

  async resendKeys(input: { orderId: string; reason: string }): Promise<OrderKey[]> {
    return (await this.admin.resendKeys(input.orderId, input.reason)).keys;
  }

  async replaceKey(input: { orderId: string; keyId: string; reason: string }): Promise<OrderKey> {
    return (await this.admin.replaceKey(input.orderId, input.keyId, input.reason)).key;
  }

  async refund(input: { orderId: string; reason: string }): Promise<{ outcome: string; amountMinor: number }> {
    const { refund } = await this.admin.refund(input.orderId, input.reason);
    return { outcome: refund.outcome, amountMinor: refund.amountMinor };
  }
}

function summaryOf(o: OrderRow): OrderSummary {
  return {
    orderId: o.id,
    orderNo: o.order_no,
    status: o.status,
    goodsId: o.goods_id,
    goodsTitle: o.goods_title,
    quantity: o.quantity,
    totalMinor: o.total_minor,
    currency: o.currency,
    contact: o.contact,
    memberId: o.member_id,
    paymentChannel: o.payment_channel,
    createdAt: o.created_at.toISOString(),
    paidAt: o.paid_at?.toISOString() ?? null,
    deliveredAt: o.delivered_at?.toISOString() ?? null,
    closedAt: o.closed_at?.toISOString() ?? null,
  };
}
