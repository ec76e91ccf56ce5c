/** Contract types of the promotions module (plain data, safe to pass between modules). */

export interface QuoteLine {
  lineId: string;
  goodsId: string;
  /** For category-scoped promotions; null when unknown. */
  categoryId: string | null;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
}

export interface QuoteContext {
  currency: string;
  lines: QuoteLine[];
  couponCode?: string;
  memberId?: string;
  /** The buyer's member level, for member prices (from membership). */
  memberLevelId?: string;
  /** The discount of that level (percent, from membership): a member price on every line. */
  memberDiscountPercent?: number;
  /** The buyer's contact (for per-contact limits when the buyer is a guest). */
  contact?: string;
  /** A stable id of the browser or member, for A/B experiments; without it the control experience applies. */
  visitorId?: string;
  /** When the order is placed: windows and flash sales are judged at this instant. */
  at: Date;
}

export interface Adjustment {
  /** Which line it applies to. */
  lineId: string;
  /** Negative for a discount, in minor units. */
  amountMinor: number;
  /** What produced it, e.g. `coupon:SPRING10`, `activity:<id>`. */
  source: string;
  /** Human-readable reason, shown on the order. */
  reason: string;
}

export interface PromotionQuote {
  adjustments: Adjustment[];
  /** Sum of the adjustments (≤ 0). */
  totalAdjustmentMinor: number;
  /** The coupon that applied, or null. */
  couponCode: string | null;
  /** The experiments the quote took part in and the variant the visitor saw. */
  experiments: Array<{ key: string; variant: string }>;
}

/** Holding a quote for an order: coupon uses and flash-sale units are taken until it is paid or closed. */
export interface HoldContext extends QuoteContext {
  orderId: string;
  /** The end of the order's payment window: a hold no order claimed by then is given back. */
  expiresAt: Date;
}
