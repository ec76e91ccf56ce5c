/** Contract types of the promotions module (plain data, safe to pass between modules). */

export interface QuoteLine {
  lineId: string;
  goodsId: string;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
}

export interface QuoteContext {
  currency: string;
  lines: QuoteLine[];
  couponCode?: string;
  memberId?: string;
  /** The buyer's contact (for per-contact coupon limits when the buyer is a guest). */
  contact?: string;
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
}
