import { generateCouponCodes, normaliseCouponCode } from './coupon-codes';

describe('coupon codes', () => {
  it('generates distinct codes with the prefix and no look-alike characters', () => {
    const codes = generateCouponCodes('vip-', 2000);
    expect(new Set(codes).size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^VIP-[A-HJKMNP-Z2-9]{10}$/);
  });

  it('draws again when a code repeats', () => {
    const draws = [0, 0, 0, 1];
    let i = 0;
    // The first two codes are the same (all zeros with length 10 from a 2-value cycle): it draws until two differ.
    const codes = generateCouponCodes('', 2, () => (i++ < 20 ? 0 : draws[i % 4]));
    expect(new Set(codes).size).toBe(2);
  });

  it('normalises codes', () => {
    expect(normaliseCouponCode('  spring10 ')).toBe('SPRING10');
  });
});
