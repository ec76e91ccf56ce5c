import { compareIds } from './live-rules';
import type { Activity, FullReductionRule, LineAdjustment } from './pricing-types';
import { formatMinor } from './rounding';
import { splitDiscount } from './split-discount';
import { eligibleLineIndexes, takeOff, type WorkingLine } from './working-line';

export type FullReductionActivity = Activity & { rule: FullReductionRule };

export function isFullReductionActivity(activity: Activity): activity is FullReductionActivity {
  return activity.rule.kind === 'full_reduction';
}

export interface FullReductionOutcome {
  lines: WorkingLine[];
  adjustments: LineAdjustment[];
  /** For each activity given: null when it applied, otherwise why not. */
  outcomes: Map<FullReductionActivity, string | null>;
}

/**
 * Stage 2, 满减: for each live activity, base = the amounts (after stage 1) of its eligible lines;
 * the highest tier with thresholdMinor ≤ base gives off = min(tier.offMinor, base). Only the single
 * best one applies (largest off, ties: the smaller activity id), split over its eligible lines.
 */
export function applyFullReduction(
  lines: readonly WorkingLine[],
  activities: readonly FullReductionActivity[],
): FullReductionOutcome {
  const outcomes = new Map<FullReductionActivity, string | null>();
  const candidates: Array<{
    activity: FullReductionActivity;
    indexes: number[];
    off: number;
    tier: FullReductionRule['tiers'][number];
  }> = [];

  for (const activity of activities) {
    const indexes = eligibleLineIndexes(lines, activity.scope);
    if (indexes.length === 0) {
      outcomes.set(activity, 'no eligible goods');
      continue;
    }
    const base = indexes.reduce((sum, i) => sum + lines[i].amountMinor, 0);
    const reached = activity.rule.tiers.filter((t) => t.thresholdMinor <= base);
    if (reached.length === 0) {
      const lowest = Math.min(...activity.rule.tiers.map((t) => t.thresholdMinor));
      outcomes.set(activity, `minimum spend ${formatMinor(lowest)} not reached`);
      continue;
    }
    const tier = reached.reduce((best, t) => (t.thresholdMinor > best.thresholdMinor ? t : best));
    const off = Math.min(tier.offMinor, base);
    if (off <= 0) {
      outcomes.set(activity, 'nothing to discount');
      continue;
    }
    candidates.push({ activity, indexes, off, tier });
  }

  if (candidates.length === 0) return { lines: lines.map((l) => ({ ...l })), adjustments: [], outcomes };
  candidates.sort((a, b) => b.off - a.off || compareIds(a.activity.id, b.activity.id));
  const [best, ...others] = candidates;
  for (const other of others) outcomes.set(other.activity, 'another full reduction saves more');
  outcomes.set(best.activity, null);

  const shares = splitDiscount(
    best.indexes.map((i) => lines[i].amountMinor),
    best.off,
  );
  const reason = `Spend ${formatMinor(best.tier.thresholdMinor)} get ${formatMinor(best.tier.offMinor)} off (${best.activity.name})`;
  const adjustments: LineAdjustment[] = [];
  best.indexes.forEach((lineIndex, i) => {
    if (shares[i] === 0) return;
    adjustments.push({
      lineId: lines[lineIndex].line.lineId,
      amountMinor: -shares[i],
      source: `activity:${best.activity.id}`,
      kind: 'full_reduction',
      reason,
    });
  });
  return { lines: takeOff(lines, best.indexes, shares), adjustments, outcomes };
}
