import { assertMinorUnits, mulDivFloor } from './rounding';

/**
 * Splits an order-level discount over lines, in cart order:
 *
 * 1. each line gets floor(off × its amount / total) — proportional to its current amount;
 * 2. the few minor units the floors left over (fewer than the number of lines) go to the last line
 *    that still has room (amount − its share), then to the line before it, and so on.
 *
 * The discount is first capped at the total, and no share ever exceeds its line's amount, so no line
 * goes below zero. The shares (non-negative) always add up to min(off, total).
 * Example: 1000 over 1000 / 1000 / 1000 → 333 / 333 / 334.
 */
export function splitDiscount(amounts: readonly number[], offMinor: number): number[] {
  amounts.forEach((amount, i) => assertMinorUnits(amount, `splitDiscount: amounts[${i}]`));
  assertMinorUnits(offMinor, 'splitDiscount: off');
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  assertMinorUnits(total, 'splitDiscount: total');
  const off = Math.min(offMinor, total);
  if (off === 0) return amounts.map(() => 0);

  // off ≤ total, so each floor(off × amount / total) ≤ amount.
  const shares = amounts.map((amount) => mulDivFloor(off, amount, total));
  let remainder = off - shares.reduce((sum, share) => sum + share, 0);
  for (let i = amounts.length - 1; i >= 0 && remainder > 0; i--) {
    const extra = Math.min(amounts[i] - shares[i], remainder);
    shares[i] += extra;
    remainder -= extra;
  }
  return shares;
}
