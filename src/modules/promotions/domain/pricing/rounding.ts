/**
 * Integer money arithmetic for the pricing engine. Every amount is a non-negative safe integer of
 * minor units, and nothing here divides in floating point:
 *
 * - When the intermediate product `a × b` is a safe integer (≤ 2^53 − 1), JavaScript numbers hold it
 *   exactly, `%` on exact integers is exact, and `(n − n % d) / d` divides an exact multiple of `d`,
 *   so the quotient is an exact integer too. (`Math.floor(n / d)` would be correct as well for these
 *   ranges, but the remainder form needs no argument about how the division rounds.)
 * - A percent is an integer 0..100, so `amount × percent + 50` stays safe for any amount up to
 *   (2^53 − 1 − 50) / 100 ≈ 9 × 10^13 minor units (≈ 900 billion in a 2-decimal currency), far beyond
 *   any cart. Splitting multiplies two amounts (`off × lineAmount`), which can leave the safe range
 *   for carts over ≈ 9.5 × 10^7 minor units; so whenever a product is not a safe integer, the same
 *   formula runs in BigInt, which is exact at any size. The result is always ≤ one of the inputs, so
 *   it fits back in a safe number.
 */

/** Throws unless `value` is a safe integer ≥ 0 (the engine's only kind of money and quantity). */
export function assertMinorUnits(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a safe integer, 0 or more (got ${String(value)})`);
  }
}

/** floor(a × b / divisor) for safe integers a, b ≥ 0 and divisor ≥ 1, exact at any size. */
export function mulDivFloor(a: number, b: number, divisor: number): number {
  assertMinorUnits(a, 'mulDivFloor: a');
  assertMinorUnits(b, 'mulDivFloor: b');
  assertMinorUnits(divisor, 'mulDivFloor: divisor');
  if (divisor === 0) throw new RangeError('mulDivFloor: divisor must be 1 or more');
  const product = a * b;
  if (Number.isSafeInteger(product)) return (product - (product % divisor)) / divisor;
  return Number((BigInt(a) * BigInt(b)) / BigInt(divisor));
}

/**
 * roundHalfUp(amount × percent / 100): the percent of an amount, halves rounded up
 * (1999 × 15 % = 299.85 → 300; 5 × 10 % = 0.5 → 1; 4 × 10 % = 0.4 → 0).
 * Computed as floor((amount × percent + 50) / 100) in integers.
 */
export function percentOfHalfUp(amountMinor: number, percent: number): number {
  assertMinorUnits(amountMinor, 'percentOfHalfUp: amount');
  if (!Number.isSafeInteger(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percentOfHalfUp: percent must be an integer from 0 to 100 (got ${String(percent)})`);
  }
  const shifted = amountMinor * percent + 50;
  if (Number.isSafeInteger(shifted)) return (shifted - (shifted % 100)) / 100;
  return Number((BigInt(amountMinor) * BigInt(percent) + 50n) / 100n);
}

/** Minor units as a plain decimal with 2 places, no currency symbol: 1500 → "15.00", 5 → "0.05". */
export function formatMinor(minor: number): string {
  assertMinorUnits(minor, 'formatMinor: amount');
  const cents = minor % 100;
  return `${(minor - cents) / 100}.${String(cents).padStart(2, '0')}`;
}
