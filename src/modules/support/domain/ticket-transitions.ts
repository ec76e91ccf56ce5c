import { transitionProblems } from '../../../platform/state-machine/transition-table';
import { TICKET_STATUSES, TicketStatus } from './ticket-terms';

/** What moves a ticket, and who may do it. */
export type TicketAction = 'wait_on_buyer' | 'resolve' | 'reopen' | 'buyer_reply' | 'close' | 'auto_close';
export type TicketActor = 'agent' | 'buyer' | 'system';

export interface TicketTransition {
  from: TicketStatus;
  action: TicketAction;
  by: TicketActor;
  to: TicketStatus;
}

/**
 * The ticket lifecycle as data: every allowed move is one row, anything else is refused. A buyer's
 * reply reopens a ticket waiting on them (pending) or resolved; closed is final (a buyer with more
 * to say opens a new ticket). Agents close open tickets too (spam, duplicates).
 */
export const TICKET_TRANSITIONS: readonly TicketTransition[] = [
  { from: 'open', action: 'wait_on_buyer', by: 'agent', to: 'pending' },
  { from: 'open', action: 'resolve', by: 'agent', to: 'resolved' },
  { from: 'open', action: 'close', by: 'agent', to: 'closed' },
  { from: 'pending', action: 'buyer_reply', by: 'buyer', to: 'open' },
  { from: 'pending', action: 'reopen', by: 'agent', to: 'open' },
  { from: 'pending', action: 'resolve', by: 'agent', to: 'resolved' },
  { from: 'pending', action: 'close', by: 'agent', to: 'closed' },
  { from: 'resolved', action: 'buyer_reply', by: 'buyer', to: 'open' },
  { from: 'resolved', action: 'reopen', by: 'agent', to: 'open' },
  { from: 'resolved', action: 'close', by: 'agent', to: 'closed' },
  { from: 'resolved', action: 'auto_close', by: 'system', to: 'closed' },
];

export const INITIAL_TICKET_STATUS: TicketStatus = 'open';
export const FINAL_TICKET_STATUSES: readonly TicketStatus[] = ['closed'];

/** The transition an action takes from a status, or null when the table has none. */
export function transitionFor(from: TicketStatus, action: TicketAction, table: readonly TicketTransition[] = TICKET_TRANSITIONS): TicketTransition | null {
  return table.find((t) => t.from === from && t.action === action) ?? null;
}

/** The move an actor makes to bring a ticket from one status to another (an agent choosing a status), or null. */
export function transitionTo(from: TicketStatus, to: TicketStatus, by: TicketActor, table: readonly TicketTransition[] = TICKET_TRANSITIONS): TicketTransition | null {
  return table.find((t) => t.from === from && t.to === to && t.by === by) ?? null;
}

/**
 * Checks the table at boot with the platform's checks (known statuses, one target per (from, action),
 * no move that goes nowhere, every status reachable from open, nothing out of closed), plus one of
 * its own: one move per (from, to, actor), so the status an agent chooses names exactly one move.
 */
export function validateTicketTransitions(table: readonly TicketTransition[] = TICKET_TRANSITIONS): string[] {
  const problems = transitionProblems({ statuses: TICKET_STATUSES, initial: INITIAL_TICKET_STATUS, table, final: FINAL_TICKET_STATUSES });
  const byTarget = new Set<string>();
  for (const t of table) {
    const key = `${t.from}:${t.to}:${t.by}`;
    if (byTarget.has(key)) problems.push(`two ways for ${t.by} from ${t.from} to ${t.to}`);
    byTarget.add(key);
  }
  return problems;
}
