/**
 * Points and spend from paid and refunded orders. Pure; amounts are integer minor units.
 *
 * Earning: a paid order earns floor(paid / 100) × rate points (one point per whole currency unit
 * at rate 1: 12.99 earns 12) and adds what was paid to the lifetime spend. The rate is the one in
 * force when the order was paid, kept on its ledger row.
 *
 * Taking back on a refund: the points of the refunded amount, floor(refund / 100) × rate, at the
 * order's own rate. Counted over all of an order's refunds together, so splitting a refund never
 * takes back less than one refund of the same total would (two refunds of 1.50 on a 3.00 order take
 * back 1 then 2 points, not 1 and 1). Never more than the order earned, and never below zero on
 * the member's balance: if points the order earned were already spent, what is left is taken and
 * the rest is forgiven (the ledger row says how many were taken). Spend goes down by the refund,
 * never by more than the order still counts.
 */

export function pointsForAmount(amountMinor: number, rate: number): number {
  return Math.floor(amountMinor / 100) * rate;
}

export interface OrderPointsSoFar {
  /** What the order paid and earned (its earn row). */
  paidMinor: number;
  earnedPoints: number;
  rate: number;
  /** What earlier refunds of this order already took back (their revoke rows, as positive numbers). */
  refundedMinor: number;
  revokedPoints: number;
}

export interface RefundEffect {
  /** Points to take from the member now (≥ 0). */
  points: number;
  /** Spend to take from the member now (≥ 0): the refund, as far as the order still counts. */
  spendMinor: number;
}

export function refundEffect(order: OrderPointsSoFar, refundMinor: number, memberPoints: number): RefundEffect {
  const spendMinor = Math.max(0, Math.min(refundMinor, order.paidMinor - order.refundedMinor));
  const revokedInAll = Math.min(order.earnedPoints, pointsForAmount(order.refundedMinor + spendMinor, order.rate));
  const due = Math.max(0, revokedInAll - order.revokedPoints);
  return { points: Math.min(due, Math.max(0, memberPoints)), spendMinor };
}
