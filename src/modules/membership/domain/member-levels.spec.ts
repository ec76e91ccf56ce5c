import { LevelRule, levelOf, progressOf } from './member-levels';

const level = (name: string, thresholdKind: 'spend' | 'points', threshold: number, discountPercent: number): LevelRule => ({
  id: name,
  name,
  thresholdKind,
  threshold,
  discountPercent,
});

describe('member levels', () => {
  const bronze = level('Bronze', 'spend', 0, 0);
  const silver = level('Silver', 'spend', 100_00, 5);
  const gold = level('Gold', 'spend', 500_00, 10);
  const fan = level('Fan', 'points', 300, 7);

  it('is the highest spend level reached, thresholds inclusive', () => {
    const levels = [gold, bronze, silver];
    expect(levelOf(levels, { lifetimeSpendMinor: 0, points: 0 })?.name).toBe('Bronze');
    expect(levelOf(levels, { lifetimeSpendMinor: 99_99, points: 0 })?.name).toBe('Bronze');
    expect(levelOf(levels, { lifetimeSpendMinor: 100_00, points: 0 })?.name).toBe('Silver');
    expect(levelOf(levels, { lifetimeSpendMinor: 1_000_00, points: 0 })?.name).toBe('Gold');
  });

  it('is null without levels or below every threshold', () => {
    expect(levelOf([], { lifetimeSpendMinor: 1_000_00, points: 1000 })).toBeNull();
    expect(levelOf([silver], { lifetimeSpendMinor: 50_00, points: 0 })).toBeNull();
  });

  it('mixes kinds on one ladder ordered by discount: the best level reached wins', () => {
    const levels = [bronze, silver, gold, fan];
    // Spend reaches Silver (5 %), points reach Fan (7 %): Fan.
    expect(levelOf(levels, { lifetimeSpendMinor: 200_00, points: 300 })?.name).toBe('Fan');
    // Spend reaches Gold (10 %): Gold beats Fan.
    expect(levelOf(levels, { lifetimeSpendMinor: 500_00, points: 300 })?.name).toBe('Gold');
    expect(levelOf(levels, { lifetimeSpendMinor: 0, points: 299 })?.name).toBe('Bronze');
  });

  it('breaks an equal discount by threshold, then by name', () => {
    const a = level('A', 'points', 100, 5);
    const b = level('B', 'points', 200, 5);
    const c = level('C', 'spend', 200, 5);
    expect(levelOf([b, a], { lifetimeSpendMinor: 0, points: 500 })?.name).toBe('B');
    expect(levelOf([c, b, a], { lifetimeSpendMinor: 500, points: 500 })?.name).toBe('C');
  });

  it('shows the next rung and what is missing, in its own unit', () => {
    const levels = [bronze, silver, gold, fan];
    expect(progressOf(levels, { lifetimeSpendMinor: 40_00, points: 40 })).toEqual({
      current: bronze,
      next: { level: silver, missing: 60_00 },
    });
    // At Silver (5 %), the next rung is Fan (7 %), counted in points.
    expect(progressOf(levels, { lifetimeSpendMinor: 150_00, points: 120 }).next).toEqual({ level: fan, missing: 180 });
    expect(progressOf(levels, { lifetimeSpendMinor: 600_00, points: 0 })).toEqual({ current: gold, next: null });
    expect(progressOf([silver], { lifetimeSpendMinor: 1_00, points: 0 })).toEqual({ current: null, next: { level: silver, missing: 99_00 } });
    expect(progressOf([], { lifetimeSpendMinor: 0, points: 0 })).toEqual({ current: null, next: null });
  });
});
