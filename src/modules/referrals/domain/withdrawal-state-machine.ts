import { Transition, transitionProblems } from '../../../platform/state-machine/transition-table';

/** A withdrawal's life as data: every allowed move is one row, anything else is refused. */
export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'rejected', 'paid'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export type WithdrawalAction = 'approve' | 'reject' | 'mark_paid';

export interface WithdrawalTransition extends Transition<WithdrawalStatus, WithdrawalAction> {
  /** The amount goes back to the wallet (it was taken when the member asked). */
  returnsFunds: boolean;
}

/**
 * The amount leaves the balance when the member asks (so it can never be asked for twice).
 * Finance approves, then pays outside the shop and marks it paid; a rejection, before or after the
 * approval (the transfer failed), returns the amount to the wallet.
 */
export const WITHDRAWAL_TRANSITIONS: readonly WithdrawalTransition[] = [
  { from: 'requested', action: 'approve', to: 'approved', returnsFunds: false },
  { from: 'requested', action: 'reject', to: 'rejected', returnsFunds: true },
  { from: 'approved', action: 'reject', to: 'rejected', returnsFunds: true },
  { from: 'approved', action: 'mark_paid', to: 'paid', returnsFunds: false },
];

export const WITHDRAWAL_INITIAL: WithdrawalStatus = 'requested';

export function withdrawalTransition(from: WithdrawalStatus, action: WithdrawalAction): WithdrawalTransition | null {
  return WITHDRAWAL_TRANSITIONS.find((t) => t.from === from && t.action === action) ?? null;
}

/** Checks the table (at boot and in a unit test): known statuses, one target per move, all reachable, none out of a final status. */
export function withdrawalTableProblems(table: readonly WithdrawalTransition[] = WITHDRAWAL_TRANSITIONS): string[] {
  return transitionProblems({ statuses: WITHDRAWAL_STATUSES, initial: WITHDRAWAL_INITIAL, table, final: ['rejected', 'paid'] });
}
