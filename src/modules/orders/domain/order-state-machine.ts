import { ORDER_STATUSES, OrderStatus } from './order-status';

/** What moves an order from one status to another. */
export type OrderAction =
  | 'pay'
  | 'deliver'
  | 'await_stock'
  | 'expire'
  | 'cancel'
  | 'refund';

export interface Transition {
  from: OrderStatus;
  action: OrderAction;
  to: OrderStatus;
}

/**
 * The order lifecycle as data. Every allowed move is one row; anything else is refused. A late
 * payment is `expired → paid`; `paid_awaiting_stock → delivered` happens on restock.
 */
export const ORDER_TRANSITIONS: readonly Transition[] = [
  { from: 'pending_payment', action: 'pay', to: 'paid' },
  { from: 'expired', action: 'pay', to: 'paid' },
  { from: 'pending_payment', action: 'expire', to: 'expired' },
  { from: 'pending_payment', action: 'cancel', to: 'cancelled' },
  { from: 'paid', action: 'deliver', to: 'delivered' },
  { from: 'paid', action: 'await_stock', to: 'paid_awaiting_stock' },
  { from: 'paid_awaiting_stock', action: 'deliver', to: 'delivered' },
  { from: 'paid', action: 'refund', to: 'refunded' },
  { from: 'paid_awaiting_stock', action: 'refund', to: 'refunded' },
  { from: 'delivered', action: 'refund', to: 'refunded' },
];

export const INITIAL_STATUS: OrderStatus = 'pending_payment';
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['delivered', 'cancelled', 'refunded'];

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly action: OrderAction,
  ) {
    super(`An order that is ${from} cannot ${action.replace('_', ' ')}`);
  }
}

/** The status an action leads to, or an IllegalTransitionError. */
export function nextStatus(from: OrderStatus, action: OrderAction, table: readonly Transition[] = ORDER_TRANSITIONS): OrderStatus {
  const found = table.find((t) => t.from === from && t.action === action);
  if (!found) throw new IllegalTransitionError(from, action);
  return found.to;
}

export function canDo(from: OrderStatus, action: OrderAction, table: readonly Transition[] = ORDER_TRANSITIONS): boolean {
  return table.some((t) => t.from === from && t.action === action);
}

/**
 * Checks the table at boot: known statuses only, one target per (from, action), every status
 * reachable from the initial one, terminal statuses without a way out except refund of delivered.
 * Returns the problems; an empty list means the table is sound.
 */
export function validateTransitions(table: readonly Transition[] = ORDER_TRANSITIONS): string[] {
  const problems: string[] = [];
  const known = new Set<string>(ORDER_STATUSES);
  const seen = new Set<string>();
  for (const t of table) {
    if (!known.has(t.from)) problems.push(`unknown status "${t.from}"`);
    if (!known.has(t.to)) problems.push(`unknown status "${t.to}"`);
    const key = `${t.from}:${t.action}`;
    if (seen.has(key)) problems.push(`two transitions for ${t.action} from ${t.from}`);
    seen.add(key);
    if (t.from === t.to) problems.push(`${t.action} from ${t.from} goes nowhere`);
  }
  const reachable = new Set<OrderStatus>([INITIAL_STATUS]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of table) {
      if (reachable.has(t.from) && !reachable.has(t.to)) {
        reachable.add(t.to);
        grew = true;
      }
    }
  }
  for (const status of ORDER_STATUSES) {
    if (!reachable.has(status)) problems.push(`status "${status}" cannot be reached`);
  }
  for (const t of table) {
    if (t.from !== 'delivered' && TERMINAL_STATUSES.includes(t.from)) problems.push(`terminal status "${t.from}" has a way out`);
  }
  return problems;
}
