/**
 * Member levels: which one a member is at, and how far the next one is. Pure.
 *
 * A level is reached when the member's lifetime spend (kind `spend`, minor units) or points (kind
 * `points`) is at least its threshold. Levels of both kinds may be mixed, so "higher" cannot be read
 * from thresholds alone: the levels form one ladder ordered by
 *   discountPercent, then threshold, then name (ascending; the name only makes the order total),
 * and a member is at the highest rung they reach. The next level is the rung just above theirs
 * (the lowest rung when they reach none), with what is still missing in its own unit. A rung above
 * the member's is never reached (they would be at it), so "the rung just above" is always a goal.
 */
export type ThresholdKind = 'spend' | 'points';
export const THRESHOLD_KINDS: readonly ThresholdKind[] = ['spend', 'points'];

export interface LevelRule {
  id: string;
  name: string;
  thresholdKind: ThresholdKind;
  threshold: number;
  discountPercent: number;
}

export interface Standing {
  lifetimeSpendMinor: number;
  points: number;
}

export interface NextLevel<L extends LevelRule> {
  level: L;
  /** How much spend (minor units) or how many points are still missing. */
  missing: number;
}

export function ladder<L extends LevelRule>(levels: readonly L[]): L[] {
  return [...levels].sort(
    (a, b) => a.discountPercent - b.discountPercent || a.threshold - b.threshold || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

export function measureOf(kind: ThresholdKind, standing: Standing): number {
  return kind === 'spend' ? standing.lifetimeSpendMinor : standing.points;
}

export function reaches(level: LevelRule, standing: Standing): boolean {
  return measureOf(level.thresholdKind, standing) >= level.threshold;
}

/** The highest level on the ladder that the member reaches, or null. */
export function levelOf<L extends LevelRule>(levels: readonly L[], standing: Standing): L | null {
  const reached = ladder(levels).filter((l) => reaches(l, standing));
  return reached.length > 0 ? reached[reached.length - 1] : null;
}

/** The member's level and the next one to aim for (null at the top). */
export function progressOf<L extends LevelRule>(levels: readonly L[], standing: Standing): { current: L | null; next: NextLevel<L> | null } {
  const rungs = ladder(levels);
  const current = levelOf(rungs, standing);
  const above = rungs[current ? rungs.indexOf(current) + 1 : 0];
  if (!above) return { current, next: null };
  return { current, next: { level: above, missing: Math.max(0, above.threshold - measureOf(above.thresholdKind, standing)) } };
}
