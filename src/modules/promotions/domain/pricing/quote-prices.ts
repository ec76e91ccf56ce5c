/**
 * quotePrices: the promotions pricing engine. Pure and deterministic: the same input gives the same
 * output (no clock — `input.at` is "now" —, no randomness, no I/O), and the input is never mutated.
 *
 * THE STACKING POLICY (the product's contract)
 *
 * 1. Live rules only. A rule counts when it is `active` and `startsAt <= at < endsAt` (start
 *    inclusive, end exclusive). A scope matches a line when both its lists are empty, or the line's
 *    goodsId is in goodsIds, or its categoryId is in categoryIds. A stored rule that fails validation
 *    (rule-validation.ts) is skipped as "invalid rule: …" rather than priced.
 *
 * 2. Stage 1, unit-price activities (flash_sale, member_price, tiered_quantity, nth_item): at most ONE
 *    per line, the one saving the buyer most on that line; ties go flash_sale, member_price,
 *    tiered_quantity, nth_item, then the smaller activity id. Savings on a line of quantity q, unit
 *    price u, list total q × u:
 *    - flash_sale: units = min(q, flashSaleAllowance[id] ?? 0), saving = units × (u − flash price)
 *      when positive. The allowance is shared by the lines of the cart in cart order and only the
 *      line's winning flash sale uses it; the units used are reported in `flashSaleUnits`.
 *    - member_price (only when the buyer's memberLevelId is listed): percentOff →
 *      roundHalfUp(q × u × p / 100); unitPriceMinor → q × (u − that price) when positive.
 *    - tiered_quantity: the highest tier with minQuantity ≤ q → roundHalfUp(q × u × p / 100).
 *    - nth_item: floor(q / nth) units discounted → roundHalfUp(units × u × p / 100).
 *
 * 3. Flash-sale lines take nothing else (秒杀商品不参与其他优惠): a line whose winner is a flash sale
 *    (units > 0) is left out of the full reduction and of the coupon, including their bases.
 *
 * 4. Stage 2, full reduction (满减), order level: for each live activity, base = the sum of its
 *    eligible lines' amounts after stage 1; the highest tier with thresholdMinor ≤ base gives
 *    off = min(tier.offMinor, base). Only the single best one applies (largest off, ties: the smaller
 *    activity id), split over its eligible lines.
 *
 * 5. Stage 3, one coupon per order: eligible lines = in scope and not flash; base = their amounts
 *    after stages 1–2 (so the minimum spend is judged after activities). base < minSpendMinor →
 *    skipped "minimum spend X not reached". fixed: off = min(offMinor, base); percent:
 *    roundHalfUp(base × p / 100), capped by maxOffMinor. Split over its eligible lines. A coupon that
 *    is not live is skipped with why: inactive, not started, ended (or no eligible goods).
 *
 * 6. A coupon with stacksWithActivities = false is priced both ways: (A) activities only, and (B) the
 *    coupon alone on list prices with no activity at all (the lines stage 1 gives to a flash sale stay
 *    out of the coupon; in B they pay list price and no flash units are used). The option saving the
 *    buyer more in total is kept; a tie keeps A. A kept → the coupon is skipped "does not stack with
 *    activities, which save more" (or with B's own reason when it could not apply at all). B kept →
 *    the activities that applied in A are skipped "a coupon that does not stack with activities saves
 *    more" (the others keep their own reasons).
 *
 * 7. Splitting an order-level discount (split-discount.ts): proportional to each eligible line's
 *    current amount, floor per line, the leftover units on the last line (cart order) that still has
 *    room. No line goes below zero; so neither does the total. Money is integer minor units; percents
 *    round half up in integer arithmetic (rounding.ts explains why the products stay exact).
 *
 * 8. Output: one adjustment per (rule, line) with a non-zero amount, negative, in stage order (stage 1
 *    by line, then the full reduction, then the coupon), with `source` `activity:<id>` or
 *    `coupon:<code>`, a human reason and the kind. `lines` gives each line's list total, adjustment
 *    and final total; `totalAdjustmentMinor` is the sum of the adjustments (≤ 0); `couponApplied` is
 *    the code or null; `skipped` lists every activity (in input order), then the coupon, that did
 *    not apply, with why.
 *
 * Cart lines must hold safe integers ≥ 0 (quantity, unit price and their product): anything else is
 * a caller bug and throws a RangeError.
 */
import { applyCoupon } from './coupon';
import { applyFullReduction, isFullReductionActivity, type FullReductionActivity } from './full-reduction';
import { applyUnitPriceActivities, isUnitPriceActivity, type UnitPriceActivity } from './line-price-rules';
import { notLiveReason } from './live-rules';
import type { Activity, Coupon, LineAdjustment, PricingInput, PricingResult, SkippedRule } from './pricing-types';
import { activityRuleProblems, couponRuleProblems, scopeProblems } from './rule-validation';
import { startLine, type WorkingLine } from './working-line';

export const COUPON_LOSES_TO_ACTIVITIES = 'does not stack with activities, which save more';
export const ACTIVITIES_LOSE_TO_COUPON = 'a coupon that does not stack with activities saves more';

/** The state after the activities (stages 1 and 2), or after the lone non-stacking coupon. */
interface Priced {
  lines: WorkingLine[];
  adjustments: LineAdjustment[];
  flashSaleUnits: Record<string, number>;
  /** One entry per input activity, in input order: null = applied, otherwise why not. */
  activityOutcomes: Array<{ activity: Activity; reason: string | null }>;
}

export function quotePrices(input: PricingInput): PricingResult {
  const listed = input.lines.map(startLine);
  const withActivities = priceActivities(input, listed);
  const { coupon } = input;
  if (coupon === null) return result(withActivities, null, null);

  const invalid = [...couponRuleProblems(coupon.rule), ...scopeProblems(coupon.scope)];
  const notLive = invalid.length > 0 ? `invalid rule: ${invalid[0]}` : notLiveReason(coupon, input.at);
  if (notLive !== null) return result(withActivities, coupon, notLive);

  if (coupon.rule.stacksWithActivities) {
    const stacked = applyCoupon(coupon, withActivities.lines);
    if (!stacked.applied) return result(withActivities, coupon, stacked.reason);
    return result(
      { ...withActivities, lines: stacked.lines, adjustments: [...withActivities.adjustments, ...stacked.adjustments] },
      coupon,
      null,
    );
  }

  // Non-stacking: (B) the coupon alone on list prices, flash lines (as stage 1 decided) still excluded.
  const flashAware = listed.map((working, i) => ({ ...working, flash: withActivities.lines[i].flash }));
  const alone = applyCoupon(coupon, flashAware);
  if (!alone.applied) return result(withActivities, coupon, alone.reason);
  const activitiesSaving = -sum(withActivities.adjustments.map((a) => a.amountMinor));
  if (alone.offMinor <= activitiesSaving) return result(withActivities, coupon, COUPON_LOSES_TO_ACTIVITIES);
  return result(
    {
      lines: alone.lines.map((working) => ({ ...working, flash: false })),
      adjustments: alone.adjustments,
      flashSaleUnits: {},
      activityOutcomes: withActivities.activityOutcomes.map(({ activity, reason }) => ({
        activity,
        reason: reason ?? ACTIVITIES_LOSE_TO_COUPON,
      })),
    },
    coupon,
    null,
  );
}

/** Stages 1 and 2 on the list-priced lines. */
function priceActivities(input: PricingInput, listed: readonly WorkingLine[]): Priced {
  const notLive = new Map<Activity, string>();
  const unitPrice: UnitPriceActivity[] = [];
  const fullReduction: FullReductionActivity[] = [];
  for (const activity of input.activities) {
    const invalid = [...activityRuleProblems(activity.rule), ...scopeProblems(activity.scope)];
    const reason = invalid.length > 0 ? `invalid rule: ${invalid[0]}` : notLiveReason(activity, input.at);
    if (reason !== null) notLive.set(activity, reason);
    else if (isUnitPriceActivity(activity)) unitPrice.push(activity);
    else if (isFullReductionActivity(activity)) fullReduction.push(activity);
  }

  const stage1 = applyUnitPriceActivities(listed, unitPrice, input.memberLevelId, input.flashSaleAllowance);
  const stage2 = applyFullReduction(stage1.lines, fullReduction);
  const outcomeOf = (activity: Activity): string | null => {
    const reason = notLive.get(activity);
    if (reason !== undefined) return reason;
    if (isUnitPriceActivity(activity)) return stage1.outcomes.get(activity) ?? null;
    if (isFullReductionActivity(activity)) return stage2.outcomes.get(activity) ?? null;
    return 'unsupported rule kind';
  };
  return {
    lines: stage2.lines,
    adjustments: [...stage1.adjustments, ...stage2.adjustments],
    flashSaleUnits: stage1.flashSaleUnits,
    activityOutcomes: input.activities.map((activity) => ({ activity, reason: outcomeOf(activity) })),
  };
}

/** The output, with the coupon applied (reason null), skipped with a reason, or absent (coupon null). */
function result(priced: Priced, coupon: Coupon | null, couponSkipped: string | null): PricingResult {
  const skipped: SkippedRule[] = [];
  for (const { activity, reason } of priced.activityOutcomes) {
    if (reason !== null) skipped.push({ source: `activity:${activity.id}`, reason });
  }
  if (coupon !== null && couponSkipped !== null) skipped.push({ source: `coupon:${coupon.code}`, reason: couponSkipped });
  return {
    adjustments: priced.adjustments,
    totalAdjustmentMinor: sum(priced.adjustments.map((a) => a.amountMinor)),
    lines: priced.lines.map((working) => ({
      lineId: working.line.lineId,
      listTotalMinor: working.listTotalMinor,
      adjustmentMinor: working.amountMinor - working.listTotalMinor,
      totalMinor: working.amountMinor,
    })),
    flashSaleUnits: priced.flashSaleUnits,
    couponApplied: coupon !== null && couponSkipped === null ? coupon.code : null,
    skipped,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
