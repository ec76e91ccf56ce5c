/**
 * Refunds take commissions back in proportion to what was refunded. The total reversed is always
 * recomputed from the cumulative refund, floor(commission × refunded / paid), never summed from
 * per-refund roundings: after any number of partial refunds it is exact to the minor unit, and a
 * full refund reverses exactly the whole commission.
 */

export type CommissionStatus = 'frozen' | 'settled' | 'cancelled' | 'clawed_back';

export interface CommissionState {
  amountMinor: number;
  reversedMinor: number;
  status: CommissionStatus;
}

export interface Reversal {
  /** The new cumulative reversal. */
  reversedMinor: number;
  /** What this refund takes back (reversedMinor minus the previous one). */
  deltaMinor: number;
  status: CommissionStatus;
  /** Of deltaMinor, what must come out of the wallet (the commission had settled). */
  clawbackMinor: number;
}

export function reversedTotal(commissionMinor: number, paidMinor: number, refundedMinor: number): number {
  if (paidMinor <= 0) return commissionMinor;
  const refunded = Math.min(Math.max(refundedMinor, 0), paidMinor);
  return Number((BigInt(commissionMinor) * BigInt(refunded)) / BigInt(paidMinor));
}

/**
 * A commission after the sale's cumulative refund reached `refundedMinor`: still frozen, it is
 * reduced (cancelled when nothing is left); settled, the difference is clawed back from the wallet
 * (clawed_back when all of it is). Cancelled and clawed-back commissions have nothing left to take.
 */
export function reverseForRefund(c: CommissionState, paidMinor: number, refundedMinor: number): Reversal {
  if (c.status === 'cancelled' || c.status === 'clawed_back') {
    return { reversedMinor: c.reversedMinor, deltaMinor: 0, status: c.status, clawbackMinor: 0 };
  }
  const reversedMinor = Math.max(c.reversedMinor, reversedTotal(c.amountMinor, paidMinor, refundedMinor));
  const deltaMinor = reversedMinor - c.reversedMinor;
  const whole = reversedMinor >= c.amountMinor;
  if (c.status === 'frozen') {
    return { reversedMinor, deltaMinor, status: whole ? 'cancelled' : 'frozen', clawbackMinor: 0 };
  }
  return { reversedMinor, deltaMinor, status: whole ? 'clawed_back' : 'settled', clawbackMinor: deltaMinor };
}
