/** Contract types of the orders module (plain data, safe to pass between modules). */

/** An order as support sees it: enough to help the buyer, never the query password or a key's secret. */
export interface OrderSummary {
  orderId: string;
  orderNo: string;
  status: string;
  goodsId: string;
  goodsTitle: string;
  quantity: number;
  totalMinor: number;
  currency: string;
  contact: string;
  memberId: string | null;
  paymentChannel: string | null;
  createdAt: string;
  paidAt: string | null;
  deliveredAt: string | null;
  closedAt: string | null;
}

/** A key handed to the buyer again or in replacement (support shows it to the buyer). */
export interface OrderKey {
  keyId: string;
  secret: string;
}

/**
 * What a message about a delivered (or refunded) order needs: who to tell, in which language, what
 * they bought and, for a delivered order, the keys. Handle as a secret: never log or store it.
 */
export interface DeliveryNotice {
  orderId: string;
  orderNo: string;
  status: string;
  contact: string;
  /** null: the shop's language. */
  language: 'zh' | 'en' | null;
  goodsTitle: string;
  quantity: number;
  totalMinor: number;
  currency: string;
  /** Empty unless the order is delivered and keys were asked for. */
  keys: OrderKey[];
  /** Manual goods: what the merchant told the buyer on completing the order (delivered orders only). */
  fulfilmentNote: string | null;
  /** Where the buyer opens the order (with their contact and query password). */
  lookupUrl: string;
}
