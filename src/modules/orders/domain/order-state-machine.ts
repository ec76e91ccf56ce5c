import { Transition as GenericTransition, nextStateIn, transitionProblems } from '../../../platform/state-machine/transition-table';
import { ORDER_STATUSES, OrderStatus } from './order-status';

/** What moves an order from one status to another. */
export type OrderAction =
  | 'pay'
  | 'deliver'
  | 'await_stock'
  | 'await_dynamic_delivery'
  | 'expire'
  | 'cancel'
  | 'refund';

export type Transition = GenericTransition<OrderStatus, OrderAction>;

/**
 * The order lifecycle as data. Every allowed move is one row; anything else is refused. A late
 * payment is `expired → paid`; `paid_awaiting_stock → delivered` happens on restock. A paid order
 * of dynamic goods waits in `awaiting_dynamic_delivery` while the merchant's URL is asked for its
 * items, and is delivered when it answers (or refunded if it never does).
 */
export const ORDER_TRANSITIONS: readonly Transition[] = [
  { from: 'pending_payment', action: 'pay', to: 'paid' },
  { from: 'expired', action: 'pay', to: 'paid' },
  { from: 'pending_payment', action: 'expire', to: 'expired' },
  { from: 'pending_payment', action: 'cancel', to: 'cancelled' },
  { from: 'paid', action: 'deliver', to: 'delivered' },
  { from: 'paid', action: 'await_stock', to: 'paid_awaiting_stock' },
  { from: 'paid_awaiting_stock', action: 'deliver', to: 'delivered' },
  { from: 'paid', action: 'await_dynamic_delivery', to: 'awaiting_dynamic_delivery' },
  { from: 'awaiting_dynamic_delivery', action: 'deliver', to: 'delivered' },
  { from: 'paid', action: 'refund', to: 'refunded' },
  { from: 'paid_awaiting_stock', action: 'refund', to: 'refunded' },
  { from: 'awaiting_dynamic_delivery', action: 'refund', to: 'refunded' },
  { from: 'delivered', action: 'refund', to: 'refunded' },
];

export const INITIAL_STATUS: OrderStatus = 'pending_payment';
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['delivered', 'cancelled', 'refunded'];

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly action: OrderAction,
  ) {
    super(`An order that is ${from} cannot ${action.replaceAll('_', ' ')}`);
  }
}

/** The status an action leads to, or an IllegalTransitionError. */
export function nextStatus(from: OrderStatus, action: OrderAction, table: readonly Transition[] = ORDER_TRANSITIONS): OrderStatus {
  const to = nextStateIn(table, from, action);
  if (to === null) throw new IllegalTransitionError(from, action);
  return to;
}

export function canDo(from: OrderStatus, action: OrderAction, table: readonly Transition[] = ORDER_TRANSITIONS): boolean {
  return nextStateIn(table, from, action) !== null;
}

/**
 * Checks the table at boot (platform/state-machine): known statuses only, one target per
 * (from, action), every status reachable from the initial one, terminal statuses without a way out
 * except the refund of a delivered order. Returns the problems; an empty list means the table is sound.
 */
export function validateTransitions(table: readonly Transition[] = ORDER_TRANSITIONS): string[] {
  const final = TERMINAL_STATUSES.filter((s) => s !== 'delivered');
  return transitionProblems({ statuses: ORDER_STATUSES, initial: INITIAL_STATUS, table, final });
}
