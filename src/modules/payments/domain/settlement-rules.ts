/**
 * When a report that money arrived (a callback, a reconciliation query, an admin's confirmation)
 * settles a payment. Amount and currency must match to the cent; a late payment (the payment had
 * expired, or had been given up as failed) still counts, because the buyer's money did arrive.
 */
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'expired';

export const SETTLEABLE_STATUSES: readonly PaymentStatus[] = ['pending', 'expired', 'failed'];

export interface PaymentState {
  status: PaymentStatus;
  channel: string;
  amountMinor: number;
  currency: string;
  providerTxnId: string | null;
}

export interface SettlementClaim {
  /** The channel the report came through; null when a person confirms by hand. */
  channel: string | null;
  providerTxnId: string;
  amountMinor: number;
  currency: string;
}

export type SettlementDecision =
  | { kind: 'settle' }
  | { kind: 'duplicate' }
  | { kind: 'mismatch'; problems: string[] }
  | { kind: 'conflict'; reason: string };

export function decideSettlement(payment: PaymentState, claim: SettlementClaim): SettlementDecision {
  const problems: string[] = [];
  if (claim.channel !== null && claim.channel !== payment.channel) {
    problems.push(`reported on channel ${claim.channel}, but the payment was opened on ${payment.channel}`);
  }
  if (claim.amountMinor !== payment.amountMinor) problems.push(`amount ${claim.amountMinor} differs from ${payment.amountMinor}`);
  if (claim.currency !== payment.currency) problems.push(`currency ${claim.currency} differs from ${payment.currency}`);
  if (problems.length > 0) return { kind: 'mismatch', problems };
  if (SETTLEABLE_STATUSES.includes(payment.status)) return { kind: 'settle' };
  if (payment.providerTxnId === claim.providerTxnId) return { kind: 'duplicate' };
  return { kind: 'conflict', reason: `payment is already ${payment.status} by transaction ${payment.providerTxnId}` };
}

/** What is left to refund; refunds flagged for a person count as given back. */
export function refundableMinor(payment: { status: PaymentStatus; amountMinor: number; refundedAmountMinor: number }): number {
  return payment.status === 'succeeded' ? payment.amountMinor - payment.refundedAmountMinor : 0;
}
