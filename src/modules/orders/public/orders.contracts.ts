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
