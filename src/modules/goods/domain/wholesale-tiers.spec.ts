import { tierFor, unitPriceFor, wholesaleTierProblems } from './wholesale-tiers';

const tiers = [
  { minQuantity: 10, unitPriceMinor: 900 },
  { minQuantity: 50, unitPriceMinor: 800 },
  { minQuantity: 100, unitPriceMinor: 700 },
];

describe('unitPriceFor', () => {
  it('charges the base price below the first tier and the tier price from its minimum on', () => {
    expect(unitPriceFor(1000, tiers, 1)).toBe(1000);
    expect(unitPriceFor(1000, tiers, 9)).toBe(1000);
    expect(unitPriceFor(1000, tiers, 10)).toBe(900);
    expect(unitPriceFor(1000, tiers, 49)).toBe(900);
    expect(unitPriceFor(1000, tiers, 50)).toBe(800);
    expect(unitPriceFor(1000, tiers, 100_000)).toBe(700);
  });

  it('charges the base price when there are no tiers, and does not rely on the tiers being sorted', () => {
    expect(unitPriceFor(1000, [], 500)).toBe(1000);
    expect(tierFor([...tiers].reverse(), 60)).toEqual({ minQuantity: 50, unitPriceMinor: 800 });
  });
});

describe('wholesaleTierProblems', () => {
  it('accepts increasing quantities with decreasing prices below the base price, and no tiers at all', () => {
    expect(wholesaleTierProblems(1000, tiers)).toEqual([]);
    expect(wholesaleTierProblems(1000, [])).toEqual([]);
    expect(wholesaleTierProblems(1000, [{ minQuantity: 2, unitPriceMinor: 0 }])).toEqual([]);
  });

  it('refuses a first tier at quantity 1 or a tier no cheaper than the base price', () => {
    expect(wholesaleTierProblems(1000, [{ minQuantity: 1, unitPriceMinor: 900 }]).map((p) => p.field)).toEqual([
      'wholesaleTiers.0.minQuantity',
    ]);
    expect(wholesaleTierProblems(1000, [{ minQuantity: 5, unitPriceMinor: 1000 }]).map((p) => p.field)).toEqual([
      'wholesaleTiers.0.unitPriceMinor',
    ]);
  });

  it('refuses quantities that do not strictly increase and prices that do not strictly decrease', () => {
    const problems = wholesaleTierProblems(1000, [
      { minQuantity: 10, unitPriceMinor: 900 },
      { minQuantity: 10, unitPriceMinor: 800 },
      { minQuantity: 20, unitPriceMinor: 800 },
      { minQuantity: 15, unitPriceMinor: 700 },
    ]);
    expect(problems.map((p) => p.field)).toEqual([
      'wholesaleTiers.1.minQuantity',
      'wholesaleTiers.2.unitPriceMinor',
      'wholesaleTiers.3.minQuantity',
    ]);
  });

  it('refuses fractional and negative figures', () => {
    const problems = wholesaleTierProblems(1000, [{ minQuantity: 2.5, unitPriceMinor: -1 }]);
    expect(problems.map((p) => p.field)).toEqual(['wholesaleTiers.0.minQuantity', 'wholesaleTiers.0.unitPriceMinor']);
  });
});
