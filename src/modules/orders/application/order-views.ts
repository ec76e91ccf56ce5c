import type { DeliveredKey } from '../../card-keys';
import type { OrderRow } from '../persistence/order-row';

export interface BuyerOrderView {
  orderNo: string;
  status: string;
  goodsTitle: string;
  /** manual: the merchant delivers by hand (the page may wait hours, not seconds). */
  deliveryType: string;
  quantity: number;
  totalMinor: number;
  currency: string;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  /** The buyer's own answers to the goods item's fields (manual goods). */
  buyerAnswers: Record<string, string>;
  /** Manual goods: the merchant's word on completing the order, once delivered. */
  fulfilmentNote: string | null;
  payment: { channel: string | null; payUrl: string | null; qrContent: string | null } | null;
  keys: Array<{ keyId: string; secret: string }>;
}

/** What a buyer may see of their order; the pay link only while it can still be paid. */
export function buyerView(o: OrderRow, keys: DeliveredKey[]): BuyerOrderView {
  return {
    orderNo: o.order_no,
    status: o.status,
    goodsTitle: o.goods_title,
    deliveryType: o.delivery_type,
    quantity: o.quantity,
    totalMinor: o.total_minor,
    currency: o.currency,
    createdAt: o.created_at,
    expiresAt: o.expires_at,
    paidAt: o.paid_at,
    deliveredAt: o.delivered_at,
    buyerAnswers: o.buyer_inputs,
    fulfilmentNote: o.status === 'delivered' || o.status === 'refunded' ? o.fulfilment_note : null,
    payment: o.status === 'pending_payment' ? { channel: o.payment_channel, payUrl: o.pay_url, qrContent: o.qr_content } : null,
    keys: keys.map(({ keyId, secret }) => ({ keyId, secret })),
  };
}

/** The admin's view: everything but the password hash. */
export function adminView(o: OrderRow) {
  return {
    orderId: o.id,
    orderNo: o.order_no,
    status: o.status,
    goodsId: o.goods_id,
    goodsTitle: o.goods_title,
    goodsVersion: o.goods_version,
    deliveryType: o.delivery_type,
    quantity: o.quantity,
    unitPriceMinor: o.unit_price_minor,
    subtotalMinor: o.subtotal_minor,
    adjustmentMinor: o.adjustment_minor,
    totalMinor: o.total_minor,
    currency: o.currency,
    adjustments: o.adjustments,
    promotionNote: o.promotion_note,
    contact: o.contact,
    memberId: o.member_id,
    paymentId: o.payment_id,
    paymentChannel: o.payment_channel,
    paidPaymentId: o.paid_payment_id,
    paidAmountMinor: o.paid_amount_minor,
    createdAt: o.created_at,
    expiresAt: o.expires_at,
    paidAt: o.paid_at,
    deliveredAt: o.delivered_at,
    closedAt: o.closed_at,
  };
}
