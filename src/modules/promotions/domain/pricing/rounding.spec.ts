import { formatMinor, mulDivFloor, percentOfHalfUp } from './rounding';

describe('percentOfHalfUp', () => {
  it('rounds halves up and everything else to the nearest unit', () => {
    // 1999 × 15 % = 299.85 → 300
    expect(percentOfHalfUp(1999, 15)).toBe(300);
    // 12345 × 10 % = 1234.5 → 1235 (a half goes up)
    expect(percentOfHalfUp(12345, 10)).toBe(1235);
    // 5 × 10 % = 0.5 → 1; 4 × 10 % = 0.4 → 0; 14 × 10 % = 1.4 → 1; 15 × 10 % = 1.5 → 2
    expect(percentOfHalfUp(5, 10)).toBe(1);
    expect(percentOfHalfUp(4, 10)).toBe(0);
    expect(percentOfHalfUp(14, 10)).toBe(1);
    expect(percentOfHalfUp(15, 10)).toBe(2);
    // exact results stay exact: 250 × 10 % = 25; 999 × 50 % = 499.5 → 500; 0 and 100 %
    expect(percentOfHalfUp(250, 10)).toBe(25);
    expect(percentOfHalfUp(999, 50)).toBe(500);
    expect(percentOfHalfUp(0, 37)).toBe(0);
    expect(percentOfHalfUp(4321, 100)).toBe(4321);
    expect(percentOfHalfUp(4321, 0)).toBe(0);
  });

  it('has no floating-point drift where naive arithmetic has it', () => {
    // 1.15 × 100 style traps: 115 × 1 % = 1.15 → 1, 1005 × 1 % = 10.05 → 10, 1050 × 1 % = 10.5 → 11
    expect(percentOfHalfUp(115, 1)).toBe(1);
    expect(percentOfHalfUp(1005, 1)).toBe(10);
    expect(percentOfHalfUp(1050, 1)).toBe(11);
    // 7 × 35 % = 2.45 → 2 (Math.round(7 * 0.35) also gives 2, but 0.35 is not exact in binary)
    expect(percentOfHalfUp(7, 35)).toBe(2);
  });

  it('stays exact beyond the safe range of amount × percent (BigInt path)', () => {
    // (2^53 − 1) × 50 % = 4503599627370495.5 → 4503599627370496
    expect(percentOfHalfUp(Number.MAX_SAFE_INTEGER, 50)).toBe(4503599627370496);
    expect(percentOfHalfUp(Number.MAX_SAFE_INTEGER, 100)).toBe(Number.MAX_SAFE_INTEGER);
    // 10^15 + 1 at 15 % = 150000000000000.15 → 150000000000000
    expect(percentOfHalfUp(1_000_000_000_000_001, 15)).toBe(150_000_000_000_000);
  });

  it('refuses negative, fractional or unsafe amounts and percents outside 0..100', () => {
    expect(() => percentOfHalfUp(-1, 10)).toThrow(RangeError);
    expect(() => percentOfHalfUp(10.5, 10)).toThrow(RangeError);
    expect(() => percentOfHalfUp(2 ** 53, 10)).toThrow(RangeError);
    expect(() => percentOfHalfUp(100, 101)).toThrow(RangeError);
    expect(() => percentOfHalfUp(100, 12.5)).toThrow(RangeError);
  });
});

describe('mulDivFloor', () => {
  it('floors a × b / c exactly, with BigInt when the product is not safe', () => {
    // 1500 × 10000 / 18000 = 833.33… → 833
    expect(mulDivFloor(1500, 10000, 18000)).toBe(833);
    expect(mulDivFloor(0, 5, 7)).toBe(0);
    expect(mulDivFloor(6, 7, 42)).toBe(1);
    // 3·10^15 × 4·10^15 / 8·10^15 = 1.5·10^15 (the product, 1.2·10^31, is far beyond 2^53)
    expect(mulDivFloor(3e15, 4e15, 8e15)).toBe(1.5e15);
    // (2^53 − 1) × (2^53 − 1) / (2^53 − 1) = 2^53 − 1
    expect(mulDivFloor(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('refuses a zero divisor', () => {
    expect(() => mulDivFloor(1, 1, 0)).toThrow(RangeError);
  });
});

describe('formatMinor', () => {
  it('shows minor units with two decimals and no symbol', () => {
    expect(formatMinor(1500)).toBe('15.00');
    expect(formatMinor(10000)).toBe('100.00');
    expect(formatMinor(123456)).toBe('1234.56');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(0)).toBe('0.00');
  });
});
