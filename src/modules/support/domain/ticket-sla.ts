import { DueTimes, dueTimes, moveClock, runningMs, SlaClock, SlaTargets, withinTarget } from './sla-clock';
import type { TicketStatus } from './ticket-terms';

/**
 * The SLA side of a ticket: its targets, its clock and due times, and the outcome of each target.
 * A target is decided once: the first response when an agent first answers (or resolves), the
 * resolution when the ticket is resolved; a breach seen by the schedule before that is a miss.
 */
export interface TicketSla {
  status: TicketStatus;
  targets: SlaTargets;
  clock: SlaClock;
  due: DueTimes;
  firstRespondedAt: Date | null;
  /** Running time from opening to the first response. */
  firstResponseSeconds: number | null;
  firstResponseMet: boolean | null;
  firstResponseBreachedAt: Date | null;
  resolvedAt: Date | null;
  /** Running time from opening to the resolution (time pending or resolved left out). */
  handlingSeconds: number | null;
  resolutionMet: boolean | null;
  resolutionBreachedAt: Date | null;
  closedAt: Date | null;
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** A new ticket's SLA: open, the clock running from `openedAt`. */
export function openSla(openedAt: Date, targets: SlaTargets): TicketSla {
  const clock: SlaClock = { openedAt, pausedMs: 0, pausedSince: null };
  return {
    status: 'open',
    targets,
    clock,
    due: dueTimes(clock, targets),
    firstRespondedAt: null,
    firstResponseSeconds: null,
    firstResponseMet: null,
    firstResponseBreachedAt: null,
    resolvedAt: null,
    handlingSeconds: null,
    resolutionMet: null,
    resolutionBreachedAt: null,
    closedAt: null,
  };
}

/** The first response, if none was recorded yet: met when within the target and not already seen breached. */
export function withFirstResponse<T extends TicketSla>(t: T, at: Date): T {
  if (t.firstRespondedAt) return t;
  return {
    ...t,
    firstRespondedAt: at,
    firstResponseSeconds: seconds(runningMs(t.clock, at)),
    firstResponseMet: t.firstResponseBreachedAt === null && withinTarget(t.clock, t.targets.firstResponseMinutes, at),
  };
}

/**
 * The ticket once it has moved to `to` at `at`: the clock pauses, resumes or stops (due times move
 * by the pause), a resolution decides its target (and counts as the first response if there was
 * none), a reopening undoes the resolution's outcome, and closing stamps the time.
 */
export function withStatus<T extends TicketSla>(t: T, to: TicketStatus, at: Date): T {
  let next: T = { ...t, status: to, clock: moveClock(t.clock, t.status, to, at) };
  next = { ...next, due: dueTimes(next.clock, next.targets) };
  if (to === 'resolved') {
    next = withFirstResponse(next, at);
    next = {
      ...next,
      resolvedAt: at,
      handlingSeconds: seconds(runningMs(next.clock, at)),
      resolutionMet: t.resolutionBreachedAt === null && withinTarget(next.clock, next.targets.resolutionMinutes, at),
    };
  }
  if (t.status === 'resolved' && to === 'open') next = { ...next, resolvedAt: null, handlingSeconds: null, resolutionMet: null };
  if (to === 'closed') next = { ...next, closedAt: at };
  return next;
}

/** New targets (a new priority): the due times are recomputed from the opening, pauses kept. Breaches already seen stay. */
export function withTargets<T extends TicketSla>(t: T, targets: SlaTargets): T {
  return { ...t, targets, due: dueTimes(t.clock, targets) };
}
