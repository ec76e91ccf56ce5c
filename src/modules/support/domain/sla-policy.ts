import type { TicketPriority } from './ticket-terms';

/** How fast the shop promises to answer and to resolve a ticket of one priority, in running minutes. */
export interface SlaPolicy {
  priority: TicketPriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** 90 days: anything longer is not a service level. */
export const MAX_SLA_MINUTES = 90 * 24 * 60;

/** What is wrong with a policy; empty when it can be saved. */
export function slaPolicyProblems(p: Pick<SlaPolicy, 'firstResponseMinutes' | 'resolutionMinutes'>): string[] {
  const problems: string[] = [];
  for (const [name, value] of [
    ['firstResponseMinutes', p.firstResponseMinutes],
    ['resolutionMinutes', p.resolutionMinutes],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SLA_MINUTES) problems.push(`${name} must be a whole number of minutes from 1 to ${MAX_SLA_MINUTES}`);
  }
  if (problems.length === 0 && p.resolutionMinutes < p.firstResponseMinutes) {
    problems.push('resolutionMinutes cannot be shorter than firstResponseMinutes (a resolution is also a response)');
  }
  return problems;
}
