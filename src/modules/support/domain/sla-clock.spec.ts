import { dueTimes, effectiveDue, moveClock, runningMs, startClock, withinTarget } from './sla-clock';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const targets = { firstResponseMinutes: 60, resolutionMinutes: 240 };

describe('SLA clock', () => {
  it('runs from the opening while the ticket is open', () => {
    const clock = startClock(T0);
    expect(runningMs(clock, at(45))).toBe(45 * 60_000);
    expect(dueTimes(clock, targets)).toEqual({ firstResponseDueAt: at(60), resolutionDueAt: at(240) });
    expect(withinTarget(clock, 60, at(60))).toBe(true);
    expect(withinTarget(clock, 60, at(60.01))).toBe(false);
  });

  it('pauses while pending and moves the due times by the paused time when it resumes', () => {
    let clock = moveClock(startClock(T0), 'open', 'pending', at(30));
    expect(clock.pausedSince).toEqual(at(30));
    expect(runningMs(clock, at(500))).toBe(30 * 60_000);
    // While paused, the stored due times stand still and the effective ones move with the pause.
    expect(effectiveDue(dueTimes(clock, targets).resolutionDueAt, clock, at(130))).toEqual(at(340));

    clock = moveClock(clock, 'pending', 'open', at(130));
    expect(clock).toEqual({ openedAt: T0, pausedMs: 100 * 60_000, pausedSince: null });
    expect(dueTimes(clock, targets)).toEqual({ firstResponseDueAt: at(160), resolutionDueAt: at(340) });
    expect(runningMs(clock, at(140))).toBe(40 * 60_000);
  });

  it('stays paused from pending to resolved, and adds several pauses up', () => {
    let clock = moveClock(startClock(T0), 'open', 'pending', at(10));
    clock = moveClock(clock, 'pending', 'resolved', at(20));
    expect(clock.pausedSince).toEqual(at(10));
    clock = moveClock(clock, 'resolved', 'open', at(70)); // the buyer came back
    clock = moveClock(clock, 'open', 'pending', at(80));
    clock = moveClock(clock, 'pending', 'open', at(90));
    expect(clock.pausedMs).toBe(70 * 60_000);
    expect(runningMs(clock, at(100))).toBe(30 * 60_000);
  });

  it('ends a pause when the ticket is closed, and leaves a running clock alone when it stops', () => {
    const paused = moveClock(startClock(T0), 'open', 'resolved', at(5));
    expect(moveClock(paused, 'resolved', 'closed', at(65))).toEqual({ openedAt: T0, pausedMs: 60 * 60_000, pausedSince: null });
    const running = startClock(T0);
    expect(moveClock(running, 'open', 'closed', at(5))).toEqual(running);
  });
});
