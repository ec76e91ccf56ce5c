import type { TicketStatus } from './ticket-terms';

/**
 * The SLA clock of a ticket. It runs while the ticket is open (the shop owes the buyer an answer),
 * pauses while it is pending (waiting on the buyer) or resolved (nothing is owed unless the buyer
 * comes back), and stops for good when it is closed. Due times are "opened + target + time paused",
 * so when a pause ends every due time moves later by exactly the paused time.
 */
export type ClockState = 'running' | 'paused' | 'stopped';

export const CLOCK_STATE: Readonly<Record<TicketStatus, ClockState>> = {
  open: 'running',
  pending: 'paused',
  resolved: 'paused',
  closed: 'stopped',
};

export interface SlaClock {
  openedAt: Date;
  /** Paused time of the pauses that have ended. */
  pausedMs: number;
  /** Set while a pause is going on. */
  pausedSince: Date | null;
}

export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface DueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

const MINUTE = 60_000;

export function startClock(openedAt: Date): SlaClock {
  return { openedAt, pausedMs: 0, pausedSince: null };
}

/** Time the clock has run from the opening up to `at`: what the SLA targets are measured against. */
export function runningMs(clock: SlaClock, at: Date): number {
  const ongoingPause = clock.pausedSince ? at.getTime() - clock.pausedSince.getTime() : 0;
  return Math.max(0, at.getTime() - clock.openedAt.getTime() - clock.pausedMs - ongoingPause);
}

/** The clock once the ticket has moved from one status to another at `at`. */
export function moveClock(clock: SlaClock, from: TicketStatus, to: TicketStatus, at: Date): SlaClock {
  const before = CLOCK_STATE[from];
  const after = CLOCK_STATE[to];
  if (before === 'running' && after === 'paused') return { ...clock, pausedSince: at };
  if (clock.pausedSince && after !== 'paused') {
    // The pause ends (resumed, or stopped for good): its length joins the total.
    return { openedAt: clock.openedAt, pausedMs: clock.pausedMs + Math.max(0, at.getTime() - clock.pausedSince.getTime()), pausedSince: null };
  }
  return clock;
}

/** The due times as they stand while the clock runs (stored on the ticket; the queue orders by them). */
export function dueTimes(clock: SlaClock, targets: SlaTargets): DueTimes {
  const base = clock.openedAt.getTime() + clock.pausedMs;
  return {
    firstResponseDueAt: new Date(base + targets.firstResponseMinutes * MINUTE),
    resolutionDueAt: new Date(base + targets.resolutionMinutes * MINUTE),
  };
}

/** A due time as it would be if the clock resumed at `at`: during a pause it moves with the pause. */
export function effectiveDue(due: Date, clock: SlaClock, at: Date): Date {
  return clock.pausedSince ? new Date(due.getTime() + Math.max(0, at.getTime() - clock.pausedSince.getTime())) : due;
}

/** Whether something done at `at` is within a target of `minutes` of running time. */
export function withinTarget(clock: SlaClock, minutes: number, at: Date): boolean {
  return runningMs(clock, at) <= minutes * MINUTE;
}
