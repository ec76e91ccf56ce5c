/**
 * The pricing engine's language: the rules marketing configures (as plain JSON, stored as is) and
 * what a quote returns. Pure data: no Nest, no TypeORM, so the engine is tested in milliseconds.
 * All money is integer minor units of the cart's currency.
 */

/** Which lines a rule applies to. Empty lists mean "all goods". A line matches if its goods or its category is listed. */
export interface Scope {
  goodsIds: string[];
  categoryIds: string[];
}

/** 满减: spend at least `thresholdMinor` on the scope, get `offMinor` off; the highest tier reached applies. */
export interface FullReductionRule {
  kind: 'full_reduction';
  tiers: Array<{ thresholdMinor: number; offMinor: number }>;
}

/** 阶梯: n or more items of one goods → percent off that line (the highest tier reached). */
export interface TieredQuantityRule {
  kind: 'tiered_quantity';
  tiers: Array<{ minQuantity: number; percentOff: number }>;
}

/** 限时抢购: a special unit price inside the activity window, for a limited quantity, at most `perBuyerLimit` per buyer. */
export interface FlashSaleRule {
  kind: 'flash_sale';
  unitPriceMinor: number;
  /** Total quantity sold at the flash price over the whole sale. */
  quantityLimit: number;
  /** Units one buyer (member, or contact for guests) may buy at the flash price; null = no limit. */
  perBuyerLimit: number | null;
}

/** 第N件X折: every Nth unit of a line costs `percentOff` less (第二件半价: nth 2, percentOff 50). */
export interface NthItemRule {
  kind: 'nth_item';
  nth: number;
  percentOff: number;
}

/** 会员价: a percent off (or a fixed unit price) for buyers at the listed member levels. */
export interface MemberPriceRule {
  kind: 'member_price';
  levels: Array<{ levelId: string; percentOff?: number; unitPriceMinor?: number }>;
}

export type ActivityRule = FullReductionRule | TieredQuantityRule | FlashSaleRule | NthItemRule | MemberPriceRule;
export type ActivityKind = ActivityRule['kind'];

/** An activity as the engine sees it: live (inside its window, status active) or not. */
export interface Activity {
  id: string;
  name: string;
  scope: Scope;
  rule: ActivityRule;
  startsAt: Date;
  endsAt: Date;
  /** Paused or stopped activities are skipped. */
  active: boolean;
}

export interface CouponRule {
  kind: 'fixed' | 'percent';
  /** fixed: the amount off; percent: ignored. */
  offMinor?: number;
  /** percent: 1..100; fixed: ignored. */
  percentOff?: number;
  /** percent coupons may cap the saving ("10% off, at most ¥20"); null = no cap. */
  maxOffMinor?: number | null;
  /** Judged on the scope's amount after activities. 0 = none. */
  minSpendMinor: number;
  /** false: the coupon does not stack with activities; the engine keeps whichever saves the buyer more. */
  stacksWithActivities: boolean;
}

/** A coupon as the engine sees it (the code already looked up; limits are checked by the caller when holding). */
export interface Coupon {
  id: string;
  code: string;
  name: string;
  scope: Scope;
  rule: CouponRule;
  startsAt: Date;
  endsAt: Date;
  active: boolean;
}

export interface CartLine {
  lineId: string;
  goodsId: string;
  categoryId: string | null;
  quantity: number;
  unitPriceMinor: number;
}

export interface PricingInput {
  currency: string;
  lines: CartLine[];
  at: Date;
  memberLevelId: string | null;
  /** The activities that may apply (e.g. those of the buyer's A/B variant). */
  activities: Activity[];
  coupon: Coupon | null;
  /**
   * Flash-sale units still available per activity id, and how many this buyer may still take
   * (min of quota left and per-buyer allowance). Missing = no flash units available.
   */
  flashSaleAllowance: Record<string, number>;
}

export interface LineAdjustment {
  lineId: string;
  /** Negative: a discount, in minor units. */
  amountMinor: number;
  /** `activity:<id>` or `coupon:<code>`. */
  source: string;
  kind: ActivityKind | 'coupon';
  /** Human-readable, shown on the order, e.g. "满 100 减 15 (Spring sale)". */
  reason: string;
}

/** Why a rule did not apply: shown in the preview so marketing sees what happened. */
export interface SkippedRule {
  source: string;
  reason: string;
}

export interface PricingResult {
  adjustments: LineAdjustment[];
  totalAdjustmentMinor: number;
  /** Per line: list total, adjustments, final total (never below zero). */
  lines: Array<{ lineId: string; listTotalMinor: number; adjustmentMinor: number; totalMinor: number }>;
  /** Flash-sale units used per activity id (what the caller must reserve). */
  flashSaleUnits: Record<string, number>;
  /** The coupon applied, if any; null when it was given but did not apply (see skipped). */
  couponApplied: string | null;
  skipped: SkippedRule[];
}
