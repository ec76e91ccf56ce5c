import type { FullReductionRule } from './pricing-types';
import { activity, amounts, categories, goods, line, quote, totals } from './pricing.test-helpers';

/** 满100减15, 满200减40. */
const spring: FullReductionRule = {
  kind: 'full_reduction',
  tiers: [
    { thresholdMinor: 10000, offMinor: 1500 },
    { thresholdMinor: 20000, offMinor: 4000 },
  ],
};
const springSale = (overrides = {}) => activity('spring', 'Spring sale', spring, overrides);

describe('stage 2, full_reduction (满减)', () => {
  it('takes the tier reached off the order, split proportionally over the lines', () => {
    // base 2 × 50.00 + 1 × 80.00 = 18000 → 满100减15: 1500
    // L1 floor(1500 × 10000 / 18000) = floor(833.33) = 833; L2 floor(1500 × 8000 / 18000) = floor(666.67) = 666;
    // 1 left over → the last line: L2 667
    const result = quote({ lines: [line('L1', 2, 5000), line('L2', 1, 8000)], activities: [springSale()] });
    const reason = 'Spend 100.00 get 15.00 off (Spring sale)';
    expect(result.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -833, source: 'activity:spring', kind: 'full_reduction', reason },
      { lineId: 'L2', amountMinor: -667, source: 'activity:spring', kind: 'full_reduction', reason },
    ]);
    expect(result.totalAdjustmentMinor).toBe(-1500);
    expect(totals(result)).toEqual({ L1: 9167, L2: 7333 });
  });

  it('applies the highest tier reached', () => {
    // 250.00 ≥ 200.00 → 40.00 off, not 15.00
    const result = quote({ lines: [line('L1', 1, 25000)], activities: [springSale()] });
    expect(amounts(result)).toEqual([['L1', -4000, 'activity:spring']]);
    expect(result.adjustments[0].reason).toBe('Spend 200.00 get 40.00 off (Spring sale)');
  });

  it('counts a base exactly at the threshold, and skips one just below', () => {
    expect(amounts(quote({ lines: [line('L1', 1, 10000)], activities: [springSale()] }))).toEqual([['L1', -1500, 'activity:spring']]);
    const below = quote({ lines: [line('L1', 1, 9999)], activities: [springSale()] });
    expect(below.adjustments).toEqual([]);
    expect(below.skipped).toEqual([{ source: 'activity:spring', reason: 'minimum spend 100.00 not reached' }]);
  });

  it('applies only the single best full reduction', () => {
    // both reach 100.00 on 120.00: 10.00 vs 15.00 off → fr-b
    const result = quote({
      lines: [line('L1', 1, 12000)],
      activities: [
        activity('fr-a', 'Ten off', { kind: 'full_reduction', tiers: [{ thresholdMinor: 10000, offMinor: 1000 }] }),
        activity('fr-b', 'Fifteen off', { kind: 'full_reduction', tiers: [{ thresholdMinor: 10000, offMinor: 1500 }] }),
      ],
    });
    expect(amounts(result)).toEqual([['L1', -1500, 'activity:fr-b']]);
    expect(result.skipped).toEqual([{ source: 'activity:fr-a', reason: 'another full reduction saves more' }]);
  });

  it('breaks a tie between full reductions by the smaller activity id', () => {
    // both give 10.00 off on 120.00 → fr-a, listed second
    const result = quote({
      lines: [line('L1', 1, 12000)],
      activities: [
        activity('fr-b', 'B', { kind: 'full_reduction', tiers: [{ thresholdMinor: 10000, offMinor: 1000 }] }),
        activity('fr-a', 'A', { kind: 'full_reduction', tiers: [{ thresholdMinor: 5000, offMinor: 1000 }] }),
      ],
    });
    expect(amounts(result)).toEqual([['L1', -1000, 'activity:fr-a']]);
    expect(result.skipped).toEqual([{ source: 'activity:fr-b', reason: 'another full reduction saves more' }]);
  });

  it('judges the threshold on the amounts after the unit-price activities', () => {
    const gold10 = activity('mp', 'Members', { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 10 }] });
    // 1 × 105.00, member 10 % → 1050 off → 94.50 < 100.00: no 满减
    const dropped = quote({ lines: [line('L1', 1, 10500)], activities: [gold10, springSale()], memberLevelId: 'gold' });
    expect(amounts(dropped)).toEqual([['L1', -1050, 'activity:mp']]);
    expect(dropped.skipped).toEqual([{ source: 'activity:spring', reason: 'minimum spend 100.00 not reached' }]);
    // a guest pays 105.00 and gets the 满减
    const guest = quote({ lines: [line('L1', 1, 10500)], activities: [gold10, springSale()] });
    expect(amounts(guest)).toEqual([['L1', -1500, 'activity:spring']]);
    // 2 × 60.00 = 12000, member → 10800, still ≥ 100.00 → 1500 more: 9300
    const both = quote({ lines: [line('L1', 2, 6000)], activities: [gold10, springSale()], memberLevelId: 'gold' });
    expect(amounts(both)).toEqual([
      ['L1', -1200, 'activity:mp'],
      ['L1', -1500, 'activity:spring'],
    ]);
    expect(totals(both)).toEqual({ L1: 9300 });
  });

  it('leaves flash-sale lines out of the base and the split', () => {
    const flash = activity('fs', 'Flash', { kind: 'flash_sale', unitPriceMinor: 8000, quantityLimit: 10, perBuyerLimit: null });
    const lines = [line('L1', 2, 10000), line('L2', 1, 5000)];
    // L1 is flash (2 × 2000 = 4000 off → 16000); the 满减 base is L2 alone, 50.00: not reached
    const withFlash = quote({ lines, activities: [flash, springSale()], flashSaleAllowance: { fs: 2 } });
    expect(amounts(withFlash)).toEqual([['L1', -4000, 'activity:fs']]);
    expect(withFlash.skipped).toEqual([{ source: 'activity:spring', reason: 'minimum spend 100.00 not reached' }]);
    // no flash units: base 20000 + 5000 = 25000 → 40.00 off: L1 floor(4000 × 20000 / 25000) = 3200, L2 800
    const noFlash = quote({ lines, activities: [flash, springSale()], flashSaleAllowance: {} });
    expect(amounts(noFlash)).toEqual([
      ['L1', -3200, 'activity:spring'],
      ['L2', -800, 'activity:spring'],
    ]);
    // every line in scope is flash → no eligible goods
    const onlyFlash = quote({ lines: [line('L1', 2, 10000)], activities: [flash, springSale()], flashSaleAllowance: { fs: 2 } });
    expect(onlyFlash.skipped).toEqual([{ source: 'activity:spring', reason: 'no eligible goods' }]);
  });

  it('counts only the lines in scope, by category or by goods', () => {
    const lines = [line('L1', 1, 12000, { goodsId: 'g1', categoryId: 'cat-a' }), line('L2', 1, 9000, { goodsId: 'g2', categoryId: 'cat-b' })];
    // category cat-a: base 12000 → 1500, all on L1
    const byCategory = quote({ lines, activities: [springSale({ scope: categories('cat-a') })] });
    expect(amounts(byCategory)).toEqual([['L1', -1500, 'activity:spring']]);
    // goods g2: base 9000 < 10000
    const byGoods = quote({ lines, activities: [springSale({ scope: goods('g2') })] });
    expect(byGoods.skipped).toEqual([{ source: 'activity:spring', reason: 'minimum spend 100.00 not reached' }]);
    // goods g2 bought twice: 18000 → 1500 on L2
    const twice = quote({
      lines: [lines[0], line('L2', 2, 9000, { goodsId: 'g2', categoryId: 'cat-b' })],
      activities: [springSale({ scope: goods('g2') })],
    });
    expect(amounts(twice)).toEqual([['L2', -1500, 'activity:spring']]);
    // neither listed → no eligible goods
    const none = quote({ lines, activities: [springSale({ scope: goods('gx') })] });
    expect(none.skipped).toEqual([{ source: 'activity:spring', reason: 'no eligible goods' }]);
  });
});
