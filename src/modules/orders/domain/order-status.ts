export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'delivered',
  'paid_awaiting_stock',
  'awaiting_dynamic_delivery',
  'expired',
  'cancelled',
  'refunded',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];
