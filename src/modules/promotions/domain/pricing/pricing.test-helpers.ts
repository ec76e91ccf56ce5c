/**
 * Test-only builders for the pricing specs: carts, activities and coupons with readable defaults,
 * and `quote`, which runs the engine and checks the invariants every result must keep.
 */
import { quotePrices } from './quote-prices';
import type {
  Activity,
  ActivityRule,
  CartLine,
  Coupon,
  CouponRule,
  PricingInput,
  PricingResult,
  Scope,
} from './pricing-types';

/** "Now" for every quote, inside the default window. */
export const AT = new Date('2025-03-10T12:00:00.000Z');
export const STARTS = new Date('2025-03-01T00:00:00.000Z');
export const ENDS = new Date('2025-04-01T00:00:00.000Z');
export const ALL_GOODS: Scope = { goodsIds: [], categoryIds: [] };

export const goods = (...goodsIds: string[]): Scope => ({ goodsIds, categoryIds: [] });
export const categories = (...categoryIds: string[]): Scope => ({ goodsIds: [], categoryIds });

/** A line of `quantity` × `unitPriceMinor`; goods `g-<lineId>` and no category unless given. */
export function line(
  lineId: string,
  quantity: number,
  unitPriceMinor: number,
  where: { goodsId?: string; categoryId?: string | null } = {},
): CartLine {
  return { lineId, goodsId: where.goodsId ?? `g-${lineId}`, categoryId: where.categoryId ?? null, quantity, unitPriceMinor };
}

export function activity(id: string, name: string, rule: ActivityRule, overrides: Partial<Activity> = {}): Activity {
  return { id, name, scope: ALL_GOODS, rule, startsAt: STARTS, endsAt: ENDS, active: true, ...overrides };
}

export function coupon(code: string, name: string, rule: CouponRule, overrides: Partial<Coupon> = {}): Coupon {
  return { id: `c-${code}`, code, name, scope: ALL_GOODS, rule, startsAt: STARTS, endsAt: ENDS, active: true, ...overrides };
}

/** Runs the engine with defaults (no member level, no coupon, no flash units) and checks its invariants. */
export function quote(input: Partial<PricingInput> & Pick<PricingInput, 'lines'>): PricingResult {
  const result = quotePrices({
    currency: 'CNY',
    at: AT,
    memberLevelId: null,
    activities: [],
    coupon: null,
    flashSaleAllowance: {},
    ...input,
  });
  expectInvariants(input.lines, result);
  return result;
}

/** What every result must keep, whatever the rules. */
export function expectInvariants(lines: readonly CartLine[], result: PricingResult): void {
  for (const adjustment of result.adjustments) {
    expect(Number.isSafeInteger(adjustment.amountMinor)).toBe(true);
    expect(adjustment.amountMinor).toBeLessThan(0);
  }
  const total = result.adjustments.reduce((sum, a) => sum + a.amountMinor, 0);
  expect(result.totalAdjustmentMinor).toBe(total);
  expect(result.totalAdjustmentMinor).toBeLessThanOrEqual(0);
  expect(result.lines.map((l) => l.lineId)).toEqual(lines.map((l) => l.lineId));
  result.lines.forEach((out, i) => {
    const perLine = result.adjustments.filter((a) => a.lineId === out.lineId).reduce((sum, a) => sum + a.amountMinor, 0);
    expect(out.listTotalMinor).toBe(lines[i].quantity * lines[i].unitPriceMinor);
    expect(out.adjustmentMinor).toBe(perLine);
    expect(out.totalMinor).toBe(out.listTotalMinor + out.adjustmentMinor);
    expect(out.totalMinor).toBeGreaterThanOrEqual(0);
  });
  const sources = result.adjustments.map((a) => `${a.source}|${a.lineId}`);
  expect(new Set(sources).size).toBe(sources.length);
}

/** The adjustments as compact [lineId, amount, source] triples, for exact expectations. */
export const amounts = (result: PricingResult): Array<[string, number, string]> =>
  result.adjustments.map((a) => [a.lineId, a.amountMinor, a.source]);

/** Final totals per line id. */
export const totals = (result: PricingResult): Record<string, number> =>
  Object.fromEntries(result.lines.map((l) => [l.lineId, l.totalMinor]));
