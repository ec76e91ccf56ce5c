import { formatMoney } from './money';

describe('formatMoney', () => {
  it('writes minor units in the currency’s own decimals', () => {
    expect(formatMoney(10_000, 'CNY', 'zh')).toBe('¥100.00');
    expect(formatMoney(1999, 'CNY', 'en')).toBe('CN¥19.99');
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
    expect(formatMoney(1500, 'KWD', 'en')).toBe('KWD\u00a01.500');
    expect(formatMoney(12_345, 'USD', 'en')).toBe('$123.45');
  });

  it('falls back to minor units for a code it does not know', () => {
    expect(formatMoney(5, 'X1', 'en')).toBe('5 X1 (minor units)');
  });
});
