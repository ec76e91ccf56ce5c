import type { CouponRule } from './pricing-types';
import { AT, activity, amounts, categories, coupon, goods, line, quote, totals } from './pricing.test-helpers';

const fixed = (offMinor: number, minSpendMinor = 0): CouponRule => ({
  kind: 'fixed',
  offMinor,
  minSpendMinor,
  stacksWithActivities: true,
});
const percent = (percentOff: number, maxOffMinor: number | null = null, minSpendMinor = 0): CouponRule => ({
  kind: 'percent',
  percentOff,
  maxOffMinor,
  minSpendMinor,
  stacksWithActivities: true,
});
const flashSale = activity('fs', 'Flash', { kind: 'flash_sale', unitPriceMinor: 8000, quantityLimit: 10, perBuyerLimit: 1 });

describe('stage 3, the coupon', () => {
  it('takes a fixed amount off once the minimum spend is reached, split over the lines', () => {
    // base 60.00 + 60.00 = 12000 ≥ 100.00 → 2000 off: 1000 / 1000
    const result = quote({
      lines: [line('L1', 1, 6000), line('L2', 1, 6000)],
      coupon: coupon('SAVE20', 'Twenty off', fixed(2000, 10000)),
    });
    const reason = 'Coupon SAVE20: spend 100.00 get 20.00 off (Twenty off)';
    expect(result.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -1000, source: 'coupon:SAVE20', kind: 'coupon', reason },
      { lineId: 'L2', amountMinor: -1000, source: 'coupon:SAVE20', kind: 'coupon', reason },
    ]);
    expect(result.couponApplied).toBe('SAVE20');
    expect(result.skipped).toEqual([]);
  });

  it('judges the minimum spend after the activities', () => {
    // 60.00 + 50.00 = 11000 → 满100减15: L1 floor(1500 × 6000 / 11000) = 818, L2 floor(681.8) = 681 + 1 left = 682
    // → 5182 + 4318 = 9500 < 100.00: the coupon does not apply
    const lines = [line('L1', 1, 6000), line('L2', 1, 5000)];
    const spring = activity('spring', 'Spring sale', { kind: 'full_reduction', tiers: [{ thresholdMinor: 10000, offMinor: 1500 }] });
    const result = quote({ lines, activities: [spring], coupon: coupon('SAVE20', 'Twenty off', fixed(2000, 10000)) });
    expect(amounts(result)).toEqual([
      ['L1', -818, 'activity:spring'],
      ['L2', -682, 'activity:spring'],
    ]);
    expect(result.couponApplied).toBeNull();
    expect(result.skipped).toEqual([{ source: 'coupon:SAVE20', reason: 'minimum spend 100.00 not reached' }]);
    // without the activity, 110.00 reaches it
    expect(quote({ lines, coupon: coupon('SAVE20', 'Twenty off', fixed(2000, 10000)) }).couponApplied).toBe('SAVE20');
  });

  it('takes a percent off, rounding half up, capped by maxOffMinor', () => {
    // 123.45 × 10 % = 1234.5 → 1235
    const half = quote({ lines: [line('L1', 1, 12345)], coupon: coupon('TEN', 'Ten percent', percent(10, 2000)) });
    expect(half.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -1235, source: 'coupon:TEN', kind: 'coupon', reason: 'Coupon TEN: 10% off, at most 20.00 (Ten percent)' },
    ]);
    // 300.00 × 10 % = 3000 → capped at 2000; without a cap 3000
    expect(amounts(quote({ lines: [line('L1', 1, 30000)], coupon: coupon('TEN', 'Ten', percent(10, 2000)) }))).toEqual([
      ['L1', -2000, 'coupon:TEN'],
    ]);
    const uncapped = quote({ lines: [line('L1', 1, 30000)], coupon: coupon('TEN', 'Ten', percent(10)) });
    expect(amounts(uncapped)).toEqual([['L1', -3000, 'coupon:TEN']]);
    expect(uncapped.adjustments[0].reason).toBe('Coupon TEN: 10% off (Ten)');
    // 19.99 × 15 % = 299.85 → 300
    expect(amounts(quote({ lines: [line('L1', 1, 1999)], coupon: coupon('P15', 'Fifteen', percent(15)) }))).toEqual([
      ['L1', -300, 'coupon:P15'],
    ]);
  });

  it('splits with remainders: 10.00 over three 10.00 lines is 3.33 / 3.33 / 3.34', () => {
    const result = quote({
      lines: [line('L1', 1, 1000), line('L2', 1, 1000), line('L3', 1, 1000)],
      coupon: coupon('TENOFF', 'Ten off', fixed(1000)),
    });
    expect(amounts(result)).toEqual([
      ['L1', -333, 'coupon:TENOFF'],
      ['L2', -333, 'coupon:TENOFF'],
      ['L3', -334, 'coupon:TENOFF'],
    ]);
    expect(result.adjustments[0].reason).toBe('Coupon TENOFF: 10.00 off (Ten off)');
  });

  it('never takes the cart below zero: a fixed coupon larger than the cart', () => {
    // 500.00 off a 50.00 cart: off = min(50000, 5000) = 5000 → 3000 / 2000, both lines at 0
    const result = quote({
      lines: [line('L1', 1, 3000), line('L2', 1, 2000)],
      coupon: coupon('BIG', 'Big', fixed(50000)),
    });
    expect(amounts(result)).toEqual([
      ['L1', -3000, 'coupon:BIG'],
      ['L2', -2000, 'coupon:BIG'],
    ]);
    expect(result.totalAdjustmentMinor).toBe(-5000);
    expect(totals(result)).toEqual({ L1: 0, L2: 0 });
  });

  it('never takes the cart below zero: a 100 % coupon, also after an activity', () => {
    const free = quote({ lines: [line('L1', 1, 333), line('L2', 1, 667)], coupon: coupon('FREE', 'Free', percent(100)) });
    expect(amounts(free)).toEqual([
      ['L1', -333, 'coupon:FREE'],
      ['L2', -667, 'coupon:FREE'],
    ]);
    // 2 × 10.00, 第二件半价 → 500 off → 1500; the 100 % coupon takes the remaining 1500
    const afterActivity = quote({
      lines: [line('L1', 2, 1000)],
      activities: [activity('nth', 'Second half', { kind: 'nth_item', nth: 2, percentOff: 50 })],
      coupon: coupon('FREE', 'Free', percent(100)),
    });
    expect(amounts(afterActivity)).toEqual([
      ['L1', -500, 'activity:nth'],
      ['L1', -1500, 'coupon:FREE'],
    ]);
    expect(totals(afterActivity)).toEqual({ L1: 0 });
  });

  it('leaves flash-sale lines out', () => {
    // L1 flash (1 unit at 80.00 → 2000 off); the coupon's 10.00 all falls on L2
    const result = quote({
      lines: [line('L1', 1, 10000), line('L2', 1, 5000)],
      activities: [flashSale],
      flashSaleAllowance: { fs: 1 },
      coupon: coupon('TENOFF', 'Ten off', fixed(1000)),
    });
    expect(amounts(result)).toEqual([
      ['L1', -2000, 'activity:fs'],
      ['L2', -1000, 'coupon:TENOFF'],
    ]);
    // percent coupon: base is L2 only, 5000 × 10 % = 500
    const pct = quote({
      lines: [line('L1', 1, 10000), line('L2', 1, 5000)],
      activities: [flashSale],
      flashSaleAllowance: { fs: 1 },
      coupon: coupon('TEN', 'Ten', percent(10)),
    });
    expect(amounts(pct)).toEqual([
      ['L1', -2000, 'activity:fs'],
      ['L2', -500, 'coupon:TEN'],
    ]);
    // only flash lines → no eligible goods
    const onlyFlash = quote({
      lines: [line('L1', 1, 10000)],
      activities: [flashSale],
      flashSaleAllowance: { fs: 1 },
      coupon: coupon('TENOFF', 'Ten off', fixed(1000)),
    });
    expect(onlyFlash.couponApplied).toBeNull();
    expect(onlyFlash.skipped).toEqual([{ source: 'coupon:TENOFF', reason: 'no eligible goods' }]);
  });

  it('applies to the goods or categories in scope only', () => {
    const lines = [line('L1', 1, 5000, { goodsId: 'g1', categoryId: 'cat-a' }), line('L2', 1, 5000, { goodsId: 'g2', categoryId: 'cat-b' })];
    // 10 % of L2's 5000 = 500, all on L2
    expect(amounts(quote({ lines, coupon: coupon('TEN', 'Ten', percent(10), { scope: goods('g2') }) }))).toEqual([
      ['L2', -500, 'coupon:TEN'],
    ]);
    expect(amounts(quote({ lines, coupon: coupon('TEN', 'Ten', percent(10), { scope: categories('cat-a') }) }))).toEqual([
      ['L1', -500, 'coupon:TEN'],
    ]);
    // the minimum spend counts the scope only: 60.00 min on 50.00 of scope (100.00 cart)
    const scoped = quote({ lines, coupon: coupon('TEN', 'Ten', percent(10, null, 6000), { scope: goods('g2') }) });
    expect(scoped.skipped).toEqual([{ source: 'coupon:TEN', reason: 'minimum spend 60.00 not reached' }]);
    const outside = quote({ lines, coupon: coupon('TEN', 'Ten', percent(10), { scope: goods('g9') }) });
    expect(outside.skipped).toEqual([{ source: 'coupon:TEN', reason: 'no eligible goods' }]);
  });

  it('is one coupon per order: applied once over all lines, not once per line', () => {
    // 10.00 off over two 50.00 lines = 500 + 500, not 1000 each
    const result = quote({ lines: [line('L1', 1, 5000), line('L2', 1, 5000)], coupon: coupon('TENOFF', 'Ten off', fixed(1000)) });
    expect(result.totalAdjustmentMinor).toBe(-1000);
    expect(amounts(result)).toEqual([
      ['L1', -500, 'coupon:TENOFF'],
      ['L2', -500, 'coupon:TENOFF'],
    ]);
  });

  it('judges its window: start inclusive, end exclusive, and skips it when paused', () => {
    const lines = [line('L1', 1, 5000)];
    const at = (overrides: object) => quote({ lines, coupon: coupon('X', 'X', fixed(100), overrides) });
    expect(at({ startsAt: AT }).couponApplied).toBe('X');
    expect(at({ endsAt: new Date(AT.getTime() + 1) }).couponApplied).toBe('X');
    expect(at({ endsAt: AT }).skipped).toEqual([{ source: 'coupon:X', reason: 'ended' }]);
    expect(at({ startsAt: new Date(AT.getTime() + 1) }).skipped).toEqual([{ source: 'coupon:X', reason: 'not started' }]);
    expect(at({ active: false }).skipped).toEqual([{ source: 'coupon:X', reason: 'inactive' }]);
    expect(at({ active: false }).adjustments).toEqual([]);
  });

  it('skips a coupon whose stored rule is invalid instead of pricing it', () => {
    const result = quote({
      lines: [line('L1', 1, 5000)],
      coupon: coupon('BAD', 'Bad', { kind: 'fixed', offMinor: -100, minSpendMinor: 0, stacksWithActivities: true }),
    });
    expect(result.adjustments).toEqual([]);
    expect(result.skipped).toEqual([
      { source: 'coupon:BAD', reason: 'invalid rule: rule.offMinor must be a whole number of minor units, 1 or more' },
    ]);
  });
});
