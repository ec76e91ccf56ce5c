import { formatDecimalAmount, parseDecimalAmount } from './decimal-amount';

describe('decimal amounts', () => {
  it('formats minor units as the provider writes them', () => {
    expect([1999, 5, 100, 0, 123456789].map((a) => formatDecimalAmount(a))).toEqual(['19.99', '0.05', '1.00', '0.00', '1234567.89']);
    expect(formatDecimalAmount(500, 0)).toBe('500');
    expect(formatDecimalAmount(1, 3)).toBe('0.001');
    expect(() => formatDecimalAmount(-1)).toThrow(RangeError);
    expect(() => formatDecimalAmount(1.5)).toThrow(RangeError);
  });

  it('reads exact amounts only', () => {
    expect(['19.99', '20', '20.0', '0.05', '0.00'].map((t) => parseDecimalAmount(t))).toEqual([1999, 2000, 2000, 5, 0]);
    for (const bad of ['19.999', '-1.00', '+1', '1e3', ' 1.00', '1.00 ', '', '.5', '5.', '01.00', '1,00', 'NaN', '9999999999999999.00']) {
      expect({ bad, parsed: parseDecimalAmount(bad) }).toEqual({ bad, parsed: null });
    }
    expect(parseDecimalAmount('500', 0)).toBe(500);
    expect(parseDecimalAmount('5.1', 0)).toBeNull();
  });

  it('round-trips', () => {
    for (const a of [0, 1, 10, 99, 100, 101, 1999, 10_000_00]) expect(parseDecimalAmount(formatDecimalAmount(a))).toBe(a);
  });
});
