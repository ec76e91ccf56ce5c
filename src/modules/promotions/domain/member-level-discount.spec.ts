import { memberLevelDiscount } from './member-level-discount';
import { quotePrices } from './pricing/quote-prices';

describe('memberLevelDiscount', () => {
  const line = { lineId: 'l1', goodsId: 'g1', categoryId: null, quantity: 2, unitPriceMinor: 1999 };
  const at = new Date('2026-11-24T12:00:00Z');

  it('prices a level discount as a member price on every line: 2 × 19.99 at 5% off = 2.00 off (199.9 rounds half up)', () => {
    const discount = memberLevelDiscount('gold', 5)!;
    const result = quotePrices({ currency: 'CNY', lines: [line], at, memberLevelId: 'gold', activities: [discount], coupon: null, flashSaleAllowance: {} });
    expect(result.totalAdjustmentMinor).toBe(-200);
    expect(result.adjustments[0].source).toBe('activity:member-level:gold');
  });

  it('is nothing without a level or a discount', () => {
    expect(memberLevelDiscount(undefined, 10)).toBeNull();
    expect(memberLevelDiscount('gold', 0)).toBeNull();
  });

  it('competes with other unit-price activities: the better one wins, never both', () => {
    const discount = memberLevelDiscount('gold', 5)!;
    const nth = { ...discount, id: 'nth', name: 'Second half price', rule: { kind: 'nth_item' as const, nth: 2, percentOff: 50 } };
    const result = quotePrices({ currency: 'CNY', lines: [line], at, memberLevelId: 'gold', activities: [discount, nth], coupon: null, flashSaleAllowance: {} });
    expect(result.adjustments.map((a) => a.source)).toEqual(['activity:nth']);
    expect(result.totalAdjustmentMinor).toBe(-1000); // 19.99 × 50% = 9.995 → 10.00
  });
});
