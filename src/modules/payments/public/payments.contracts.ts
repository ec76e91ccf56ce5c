/** Contract types of the payments module (plain data, safe to pass between modules). */

export interface OpenPaymentInput {
  orderId: string;
  /** The buyer-facing order number, shown on the pay page and sent to the provider. */
  orderNo: string;
  amountMinor: number;
  currency: string;
  /** What the buyer sees on the provider's page, e.g. the goods title. */
  subject: string;
  /** The channel the buyer picked; when absent (or unavailable) the router picks by priority. */
  preferredChannel?: string;
  /** Until when the payment may be made (the order's payment window). */
  expiresAt: Date;
  /** Where the provider sends the buyer back to after paying; default PUBLIC_BASE_URL/orders/<orderNo>. */
  returnUrl?: string;
  clientIp?: string;
}

export interface OpenedPayment {
  paymentId: string;
  channel: string;
  /** A page to redirect the buyer to, or null. */
  payUrl: string | null;
  /** Content to render as a QR code, or null. */
  qrContent: string | null;
  expiresAt: string;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'expired';

export interface PaymentSummary {
  paymentId: string;
  orderId: string;
  channel: string;
  status: PaymentStatus;
  amountMinor: number;
  currency: string;
  providerTxnId: string | null;
  createdAt: string;
  succeededAt: string | null;
  refundedAmountMinor: number;
}

export interface RefundResult {
  paymentId: string;
  /** 'refunded' when the provider confirmed; 'flagged' when it cannot refund and a person must. */
  outcome: 'refunded' | 'flagged';
  amountMinor: number;
}
