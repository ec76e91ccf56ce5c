import type { OrderDeliveryType } from '../domain/delivery-type';
import type { OrderStatus } from '../domain/order-status';

/** One row of orders.orders, as read. */
export interface OrderRow {
  id: string;
  order_no: string;
  status: OrderStatus;
  goods_id: string;
  goods_title: string;
  goods_version: number;
  delivery_type: OrderDeliveryType;
  quantity: number;
  unit_price_minor: number;
  subtotal_minor: number;
  adjustment_minor: number;
  total_minor: number;
  currency: string;
  adjustments: unknown[];
  promotion_note: string | null;
  contact: string;
  query_password_hash: string;
  member_id: string | null;
  /** The buyer's answers to the goods item's fields (manual goods), by key. Buyer data: never logged. */
  buyer_inputs: Record<string, string>;
  /** The language the buyer shopped in ('zh' or 'en'); null: the shop's language. */
  buyer_language: 'zh' | 'en' | null;
  payment_id: string | null;
  payment_channel: string | null;
  pay_url: string | null;
  qr_content: string | null;
  paid_payment_id: string | null;
  paid_amount_minor: number | null;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  delivered_at: Date | null;
  /** Manual goods: what the merchant told the buyer on completing the order. */
  fulfilment_note: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

/** The line id the vault knows an order's keys by (orders have one goods line). */
export const ORDER_LINE = '1';
