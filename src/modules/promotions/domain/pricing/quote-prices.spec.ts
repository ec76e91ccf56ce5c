import type { Activity, CouponRule, PricingInput } from './pricing-types';
import { ACTIVITIES_LOSE_TO_COUPON, COUPON_LOSES_TO_ACTIVITIES, quotePrices } from './quote-prices';
import { AT, activity, amounts, categories, coupon, goods, line, quote, totals } from './pricing.test-helpers';

const alone = (offMinor: number, minSpendMinor = 0): CouponRule => ({
  kind: 'fixed',
  offMinor,
  minSpendMinor,
  stacksWithActivities: false,
});
const memberPercent = (percentOff: number): Activity =>
  activity('mp', 'Members', { kind: 'member_price', levels: [{ levelId: 'gold', percentOff }] });
const secondHalf = activity('nth', 'Second half', { kind: 'nth_item', nth: 2, percentOff: 50 });

describe('quotePrices: all stages together', () => {
  it('stacks one unit-price activity per line, the best 满减 and the coupon, in that order', () => {
    // L1 g1 3 × 100.00, flash at 80.00, 2 units allowed: 2 × 2000 = 4000 → 26000 (flash: nothing else)
    // L2 g2 4 × 25.00 = 10000, 第二件半价: 2 units × 2500 × 50 % = 2500 → 7500
    // L3 g3 (cat-b) 1 × 90.00, member 10 %: 900 → 8100
    // 满减 on L2 + L3 = 15600 → tier 150.00 → 2000: L2 floor(2000 × 7500 / 15600) = 961,
    //   L3 floor(2000 × 8100 / 15600) = 1038 (+1 left over) = 1039 → 6539 / 7061
    // coupon 10 %, min 100.00: base 13600 → 1360: L2 floor(1360 × 6539 / 13600) = floor(653.9) = 653,
    //   L3 floor(1360 × 7061 / 13600) = floor(706.1) = 706 (+1) = 707 → 5886 / 6354
    // total: 4000 + 2500 + 900 + 2000 + 1360 = 10760
    const result = quote({
      lines: [
        line('L1', 3, 10000, { goodsId: 'g1', categoryId: 'cat-a' }),
        line('L2', 4, 2500, { goodsId: 'g2', categoryId: 'cat-a' }),
        line('L3', 1, 9000, { goodsId: 'g3', categoryId: 'cat-b' }),
      ],
      memberLevelId: 'gold',
      activities: [
        activity('fs', 'Flash', { kind: 'flash_sale', unitPriceMinor: 8000, quantityLimit: 50, perBuyerLimit: 2 }, { scope: goods('g1') }),
        activity('nth', 'Second half', { kind: 'nth_item', nth: 2, percentOff: 50 }, { scope: goods('g2') }),
        activity('mp', 'Members', { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 10 }] }, { scope: categories('cat-b') }),
        activity('fr', 'Spring sale', {
          kind: 'full_reduction',
          tiers: [
            { thresholdMinor: 10000, offMinor: 1000 },
            { thresholdMinor: 15000, offMinor: 2000 },
          ],
        }),
      ],
      flashSaleAllowance: { fs: 2 },
      coupon: coupon('TEN', 'Ten percent', { kind: 'percent', percentOff: 10, maxOffMinor: null, minSpendMinor: 10000, stacksWithActivities: true }),
    });
    expect(amounts(result)).toEqual([
      ['L1', -4000, 'activity:fs'],
      ['L2', -2500, 'activity:nth'],
      ['L3', -900, 'activity:mp'],
      ['L2', -961, 'activity:fr'],
      ['L3', -1039, 'activity:fr'],
      ['L2', -653, 'coupon:TEN'],
      ['L3', -707, 'coupon:TEN'],
    ]);
    expect(result.adjustments.map((a) => a.kind)).toEqual([
      'flash_sale', 'nth_item', 'member_price', 'full_reduction', 'full_reduction', 'coupon', 'coupon',
    ]);
    expect(result.adjustments[3].reason).toBe('Spend 150.00 get 20.00 off (Spring sale)');
    expect(result.lines).toEqual([
      { lineId: 'L1', listTotalMinor: 30000, adjustmentMinor: -4000, totalMinor: 26000 },
      { lineId: 'L2', listTotalMinor: 10000, adjustmentMinor: -4114, totalMinor: 5886 },
      { lineId: 'L3', listTotalMinor: 9000, adjustmentMinor: -2646, totalMinor: 6354 },
    ]);
    expect(result.totalAdjustmentMinor).toBe(-10760);
    expect(result.flashSaleUnits).toEqual({ fs: 2 });
    expect(result.couponApplied).toBe('TEN');
    expect(result.skipped).toEqual([]);
  });

  it('prices an empty cart at zero and says why each rule did nothing', () => {
    const result = quote({
      lines: [],
      activities: [secondHalf],
      coupon: coupon('X', 'X', { kind: 'fixed', offMinor: 100, minSpendMinor: 0, stacksWithActivities: true }),
    });
    expect(result).toEqual({
      adjustments: [],
      totalAdjustmentMinor: 0,
      lines: [],
      flashSaleUnits: {},
      couponApplied: null,
      skipped: [
        { source: 'activity:nth', reason: 'no eligible goods' },
        { source: 'coupon:X', reason: 'no eligible goods' },
      ],
    });
  });

  it('gives nothing on free lines', () => {
    const result = quote({ lines: [line('L1', 3, 0)], activities: [secondHalf] });
    expect(result.adjustments).toEqual([]);
    expect(result.skipped).toEqual([{ source: 'activity:nth', reason: 'nothing to discount' }]);
  });
});

describe('quotePrices: a coupon that does not stack with activities', () => {
  it('keeps the activities when they save more (coupon skipped)', () => {
    // activities: 2 × 100.00, 第二件半价 → 5000; coupon alone: 3000 → activities
    const result = quote({ lines: [line('L1', 2, 10000)], activities: [secondHalf], coupon: coupon('SOLO', 'Solo', alone(3000)) });
    expect(amounts(result)).toEqual([['L1', -5000, 'activity:nth']]);
    expect(result.couponApplied).toBeNull();
    expect(result.skipped).toEqual([{ source: 'coupon:SOLO', reason: COUPON_LOSES_TO_ACTIVITIES }]);
    expect(COUPON_LOSES_TO_ACTIVITIES).toBe('does not stack with activities, which save more');
  });

  it('keeps the coupon alone when it saves more (activities skipped)', () => {
    // activities: member 5 % of 100.00 = 500; coupon alone: 3000 → coupon, on the list price
    const result = quote({
      lines: [line('L1', 1, 10000)],
      memberLevelId: 'gold',
      activities: [memberPercent(5)],
      coupon: coupon('SOLO', 'Solo', alone(3000)),
    });
    expect(result.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -3000, source: 'coupon:SOLO', kind: 'coupon', reason: 'Coupon SOLO: 30.00 off (Solo)' },
    ]);
    expect(result.couponApplied).toBe('SOLO');
    expect(result.skipped).toEqual([{ source: 'activity:mp', reason: ACTIVITIES_LOSE_TO_COUPON }]);
    expect(ACTIVITIES_LOSE_TO_COUPON).toBe('a coupon that does not stack with activities saves more');
    expect(totals(result)).toEqual({ L1: 7000 });
  });

  it('keeps the activities on a tie', () => {
    // member 10 % = 1000 against a 10.00 coupon
    const result = quote({
      lines: [line('L1', 1, 10000)],
      memberLevelId: 'gold',
      activities: [memberPercent(10)],
      coupon: coupon('SOLO', 'Solo', alone(1000)),
    });
    expect(amounts(result)).toEqual([['L1', -1000, 'activity:mp']]);
    expect(result.skipped).toEqual([{ source: 'coupon:SOLO', reason: COUPON_LOSES_TO_ACTIVITIES }]);
  });

  it('judges its minimum spend on list prices, unlike a stacking coupon', () => {
    const lines = [line('L1', 1, 10000)];
    const fr = activity('fr', 'Spring sale', { kind: 'full_reduction', tiers: [{ thresholdMinor: 10000, offMinor: 500 }] });
    // activities: 500; coupon alone on 100.00 (≥ min 100.00): 800 → coupon
    const solo = quote({ lines, activities: [fr], coupon: coupon('SOLO', 'Solo', alone(800, 10000)) });
    expect(amounts(solo)).toEqual([['L1', -800, 'coupon:SOLO']]);
    expect(solo.skipped).toEqual([{ source: 'activity:fr', reason: ACTIVITIES_LOSE_TO_COUPON }]);
    // stacking, the same coupon is judged on 95.00 after the 满减 and misses its minimum
    const stacking = quote({
      lines,
      activities: [fr],
      coupon: coupon('STACK', 'Stack', { kind: 'fixed', offMinor: 800, minSpendMinor: 10000, stacksWithActivities: true }),
    });
    expect(amounts(stacking)).toEqual([['L1', -500, 'activity:fr']]);
    expect(stacking.skipped).toEqual([{ source: 'coupon:STACK', reason: 'minimum spend 100.00 not reached' }]);
  });

  it('reports its own reason when it could not apply even alone', () => {
    const result = quote({
      lines: [line('L1', 2, 5000)],
      activities: [secondHalf],
      coupon: coupon('SOLO', 'Solo', alone(3000, 20000)),
    });
    expect(amounts(result)).toEqual([['L1', -2500, 'activity:nth']]);
    expect(result.skipped).toEqual([{ source: 'coupon:SOLO', reason: 'minimum spend 200.00 not reached' }]);
  });

  it('still leaves flash-sale lines out, and uses no flash units when it wins', () => {
    const flash = activity('fs', 'Flash', { kind: 'flash_sale', unitPriceMinor: 7000, quantityLimit: 10, perBuyerLimit: 1 }, { scope: goods('g1') });
    const lines = [line('L1', 1, 10000, { goodsId: 'g1' }), line('L2', 1, 5000, { goodsId: 'g2' })];
    // activities: flash 3000 on L1; coupon alone: L2 only, min(2000, 5000) = 2000 → activities
    const small = quote({ lines, activities: [flash], flashSaleAllowance: { fs: 1 }, coupon: coupon('SOLO', 'Solo', alone(2000)) });
    expect(amounts(small)).toEqual([['L1', -3000, 'activity:fs']]);
    expect(small.flashSaleUnits).toEqual({ fs: 1 });
    // coupon alone: L2 only, min(4000, 5000) = 4000 > 3000 → coupon; L1 pays its list price, no flash units taken
    const big = quote({ lines, activities: [flash], flashSaleAllowance: { fs: 1 }, coupon: coupon('SOLO', 'Solo', alone(4000)) });
    expect(amounts(big)).toEqual([['L2', -4000, 'coupon:SOLO']]);
    expect(big.flashSaleUnits).toEqual({});
    expect(totals(big)).toEqual({ L1: 10000, L2: 1000 });
    expect(big.skipped).toEqual([{ source: 'activity:fs', reason: ACTIVITIES_LOSE_TO_COUPON }]);
  });

  it('keeps the other reasons of activities that did not apply anyway', () => {
    // member 5 % (500) applies in A, 第二件半价 cannot (1 unit); coupon alone 3000 wins
    const result = quote({
      lines: [line('L1', 1, 10000)],
      memberLevelId: 'gold',
      activities: [memberPercent(5), secondHalf],
      coupon: coupon('SOLO', 'Solo', alone(3000)),
    });
    expect(result.skipped).toEqual([
      { source: 'activity:mp', reason: ACTIVITIES_LOSE_TO_COUPON },
      { source: 'activity:nth', reason: 'buy at least 2 of one goods to qualify' },
    ]);
  });
});

describe('quotePrices: live rules only', () => {
  const lines = [line('L1', 2, 1000)];
  const nthWith = (overrides: Partial<Activity>) => quote({ lines, activities: [activity('nth', 'Second half', secondHalf.rule, overrides)] });

  it('counts an activity from its start (inclusive) to its end (exclusive)', () => {
    // 2 × 10.00, 第二件半价 → 500
    expect(amounts(nthWith({ startsAt: AT }))).toEqual([['L1', -500, 'activity:nth']]);
    expect(amounts(nthWith({ endsAt: new Date(AT.getTime() + 1) }))).toEqual([['L1', -500, 'activity:nth']]);
    expect(nthWith({ endsAt: AT }).skipped).toEqual([{ source: 'activity:nth', reason: 'ended' }]);
    expect(nthWith({ startsAt: new Date(AT.getTime() + 1) }).skipped).toEqual([{ source: 'activity:nth', reason: 'not started' }]);
  });

  it('skips paused activities', () => {
    const paused = nthWith({ active: false });
    expect(paused.adjustments).toEqual([]);
    expect(paused.skipped).toEqual([{ source: 'activity:nth', reason: 'inactive' }]);
  });

  it('skips an activity whose stored rule or scope is invalid instead of pricing it', () => {
    const result = quote({
      lines,
      activities: [
        activity('bad', 'Bad', { kind: 'nth_item', nth: 1, percentOff: 50 }),
        activity('odd', 'Odd', secondHalf.rule, { scope: { goodsIds: [''], categoryIds: [] } }),
      ],
    });
    expect(result.adjustments).toEqual([]);
    expect(result.skipped).toEqual([
      { source: 'activity:bad', reason: 'invalid rule: rule.nth must be a whole number, 2 or more' },
      { source: 'activity:odd', reason: 'invalid rule: scope.goodsIds[0] must be a non-empty string' },
    ]);
  });
});

describe('quotePrices: determinism and input checks', () => {
  const input = (): PricingInput => ({
    currency: 'CNY',
    at: AT,
    memberLevelId: 'gold',
    lines: [line('L1', 3, 1999, { goodsId: 'g1' }), line('L2', 1, 4999, { goodsId: 'g2', categoryId: 'c' }), line('L3', 2, 10000)],
    activities: [
      activity('fs', 'Flash', { kind: 'flash_sale', unitPriceMinor: 999, quantityLimit: 5, perBuyerLimit: 1 }, { scope: goods('g1') }),
      memberPercent(12),
      secondHalf,
      activity('fr', 'Spring sale', { kind: 'full_reduction', tiers: [{ thresholdMinor: 5000, offMinor: 777 }] }),
    ],
    coupon: coupon('P7', 'Seven', { kind: 'percent', percentOff: 7, maxOffMinor: null, minSpendMinor: 0, stacksWithActivities: true }),
    flashSaleAllowance: { fs: 1 },
  });

  it('gives the same result for the same input and never mutates it', () => {
    const frozen = deepFreeze(input());
    const first = quotePrices(frozen);
    const second = quotePrices(frozen);
    expect(second).toEqual(first);
    expect(frozen).toEqual(input());
    expect(first.totalAdjustmentMinor).toBeLessThan(0);
  });

  it('does not depend on the order activities are listed in', () => {
    const forward = quotePrices(input());
    const reversed = quotePrices({ ...input(), activities: [...input().activities].reverse() });
    expect(reversed.adjustments).toEqual(forward.adjustments);
    expect(reversed.lines).toEqual(forward.lines);
  });

  it('refuses lines that are not whole, non-negative, safe numbers', () => {
    const bad = (quantity: number, unitPriceMinor: number) => () =>
      quotePrices({ ...input(), lines: [{ lineId: 'L1', goodsId: 'g', categoryId: null, quantity, unitPriceMinor }] });
    expect(bad(-1, 100)).toThrow(RangeError);
    expect(bad(1.5, 100)).toThrow(RangeError);
    expect(bad(1, 99.9)).toThrow(RangeError);
    expect(bad(2 ** 40, 2 ** 20)).toThrow(RangeError);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
