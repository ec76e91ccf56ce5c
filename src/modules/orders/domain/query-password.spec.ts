import { hashQueryPassword, verifyQueryPassword } from './query-password';
import { newOrderNumber, ORDER_NUMBER_PATTERN } from './order-number';

describe('query password', () => {
  it('verifies the right password only, and salts every hash', async () => {
    const a = await hashQueryPassword('s3cret-pass');
    const b = await hashQueryPassword('s3cret-pass');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret-pass');
    expect(await verifyQueryPassword('s3cret-pass', a)).toBe(true);
    expect(await verifyQueryPassword('s3cret-pasS', a)).toBe(false);
    expect(await verifyQueryPassword('', a)).toBe(false);
  });
});

describe('order number', () => {
  it('reads date-XXXXXXXX and differs every time', () => {
    const at = new Date('2026-11-24T23:59:00Z');
    const numbers = new Set(Array.from({ length: 1000 }, () => newOrderNumber(at)));
    expect(numbers.size).toBe(1000);
    for (const n of numbers) {
      expect(n).toMatch(ORDER_NUMBER_PATTERN);
      expect(n.startsWith('20261124-')).toBe(true);
    }
  });
});
