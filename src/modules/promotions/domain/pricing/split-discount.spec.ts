import { splitDiscount } from './split-discount';

describe('splitDiscount', () => {
  it('splits proportionally, the floor remainder on the last line', () => {
    // 1000 over 1000/1000/1000: floor(333.33) ×3 = 999, 1 left → last line: 333/333/334
    expect(splitDiscount([1000, 1000, 1000], 1000)).toEqual([333, 333, 334]);
    // 1500 over 10000/8000: floor(833.33) = 833, floor(666.67) = 666, 1 left → 833/667
    expect(splitDiscount([10000, 8000], 1500)).toEqual([833, 667]);
    // exact shares leave nothing over: 100 over 1000/3000 → 25/75
    expect(splitDiscount([1000, 3000], 100)).toEqual([25, 75]);
    // a single line takes it all
    expect(splitDiscount([4321], 1234)).toEqual([1234]);
  });

  it('moves the remainder back to the last line that still has room', () => {
    // 2 over 1/1/1: floors 0/0/0, 2 left → last line (room 1) takes 1, the one before takes 1
    expect(splitDiscount([1, 1, 1], 2)).toEqual([0, 1, 1]);
    // 500 over 999/1: floor(499.5) = 499, floor(0.5) = 0, 1 left → last line (room 1): 499/1
    expect(splitDiscount([999, 1], 500)).toEqual([499, 1]);
    // a zero line at the end has no room: 5 over 3/3/0 → floors 2/2/0, 1 left → second line
    expect(splitDiscount([3, 3, 0], 5)).toEqual([2, 3, 0]);
  });

  it('never takes a line below zero: the discount is capped at the total', () => {
    expect(splitDiscount([3000, 2000], 50000)).toEqual([3000, 2000]);
    expect(splitDiscount([333, 667], 1000)).toEqual([333, 667]);
    expect(splitDiscount([0, 100], 30)).toEqual([0, 30]);
    expect(splitDiscount([0, 0], 30)).toEqual([0, 0]);
    expect(splitDiscount([], 30)).toEqual([]);
    expect(splitDiscount([100, 200], 0)).toEqual([0, 0]);
  });

  it('stays exact for amounts whose products leave the safe integer range', () => {
    // 3·10^15 over 4·10^15 / 4·10^15: 1.5·10^15 each
    expect(splitDiscount([4e15, 4e15], 3e15)).toEqual([1.5e15, 1.5e15]);
  });

  it('keeps its promises on many deterministic pseudo-random carts', () => {
    let seed = 12345;
    const next = (max: number) => {
      seed = (seed * 16807) % 2147483647; // Park–Miller: the product stays a safe integer
      return seed % max;
    };
    for (let run = 0; run < 500; run++) {
      const amounts = Array.from({ length: 1 + next(6) }, () => (next(4) === 0 ? 0 : next(100000)));
      const total = amounts.reduce((a, b) => a + b, 0);
      const off = next(total + 2000);
      const shares = splitDiscount(amounts, off);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(Math.min(off, total));
      shares.forEach((share, i) => {
        expect(Number.isInteger(share)).toBe(true);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(amounts[i]);
      });
    }
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => splitDiscount([100, -1], 10)).toThrow(RangeError);
    expect(() => splitDiscount([100], 1.5)).toThrow(RangeError);
  });
});
