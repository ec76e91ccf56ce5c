import type { Coupon, LineAdjustment } from './pricing-types';
import { formatMinor, percentOfHalfUp } from './rounding';
import { splitDiscount } from './split-discount';
import { eligibleLineIndexes, takeOff, type WorkingLine } from './working-line';

export type CouponOutcome =
  | { applied: true; offMinor: number; lines: WorkingLine[]; adjustments: LineAdjustment[] }
  | { applied: false; reason: string };

/**
 * Stage 3, one coupon per order, on the lines as they are (after activities, or at list prices for
 * the non-stacking comparison). Eligible lines: in the coupon's scope and not won by a flash sale;
 * base = their current amounts. base < minSpendMinor → not applied. fixed: off = min(offMinor, base);
 * percent: roundHalfUp(base × percentOff / 100), capped by maxOffMinor. Split over the eligible lines.
 * The coupon's liveness (active, window) is the caller's check.
 */
export function applyCoupon(coupon: Coupon, lines: readonly WorkingLine[]): CouponOutcome {
  const indexes = eligibleLineIndexes(lines, coupon.scope);
  if (indexes.length === 0) return { applied: false, reason: 'no eligible goods' };
  const base = indexes.reduce((sum, i) => sum + lines[i].amountMinor, 0);
  const { rule } = coupon;
  if (base < rule.minSpendMinor) {
    return { applied: false, reason: `minimum spend ${formatMinor(rule.minSpendMinor)} not reached` };
  }
  const off = couponOff(coupon, base);
  if (off <= 0) return { applied: false, reason: 'nothing to discount' };

  const shares = splitDiscount(
    indexes.map((i) => lines[i].amountMinor),
    off,
  );
  const reason = couponReason(coupon);
  const adjustments: LineAdjustment[] = [];
  indexes.forEach((lineIndex, i) => {
    if (shares[i] === 0) return;
    adjustments.push({
      lineId: lines[lineIndex].line.lineId,
      amountMinor: -shares[i],
      source: `coupon:${coupon.code}`,
      kind: 'coupon',
      reason,
    });
  });
  return { applied: true, offMinor: off, lines: takeOff(lines, indexes, shares), adjustments };
}

function couponOff(coupon: Coupon, base: number): number {
  const { rule } = coupon;
  if (rule.kind === 'fixed') return Math.min(rule.offMinor ?? 0, base);
  const off = percentOfHalfUp(base, rule.percentOff ?? 0);
  return typeof rule.maxOffMinor === 'number' ? Math.min(off, rule.maxOffMinor) : off;
}

/** "Coupon SPRING: spend 100.00 get 15.00 off (Spring sale)", "Coupon TEN: 10% off, at most 20.00 (Ten)". */
function couponReason(coupon: Coupon): string {
  const { rule } = coupon;
  const spend = rule.minSpendMinor > 0 ? `spend ${formatMinor(rule.minSpendMinor)} get ` : '';
  const what =
    rule.kind === 'fixed'
      ? `${formatMinor(rule.offMinor ?? 0)} off`
      : `${rule.percentOff ?? 0}% off` + (typeof rule.maxOffMinor === 'number' ? `, at most ${formatMinor(rule.maxOffMinor)}` : '');
  return `Coupon ${coupon.code}: ${spend}${what} (${coupon.name})`;
}
