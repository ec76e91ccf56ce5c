/**
 * The rules of an experiment's life: which status changes are allowed, what a valid variant set is,
 * and when the allocation (weights, coverage) may change.
 *
 * Lifecycle:   draft ──start──▶ running ◀──pause/resume──▶ paused
 *                                  └──────────stop──────────┴──▶ stopped (final)
 *
 * Phases. Assignment is a pure function of (seed, visitor, weights, coverage) (see bucketing.ts). Changing
 * the weights or coverage of a live experiment would silently move some visitors to another variant
 * and mix their before/after behaviour in both groups, which corrupts the results. So once an experiment
 * has started, an allocation change must start a new phase: the phase number goes up, the bucketing
 * seed contains the phase, so every visitor is re-bucketed once, and the report counts the new phase
 * only. Within a phase, a visitor's variant never changes.
 */

export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'stopped';
export type ExperimentAction = 'start' | 'pause' | 'resume' | 'stop';

/** Allowed transitions as data: status → action → resulting status. A missing entry is not allowed. */
export const EXPERIMENT_TRANSITIONS: Readonly<
  Record<ExperimentStatus, Readonly<Partial<Record<ExperimentAction, ExperimentStatus>>>>
> = {
  // A draft nobody saw needs no "stopped" record: it is edited or deleted instead.
  draft: { start: 'running' },
  running: { pause: 'paused', stop: 'stopped' },
  paused: { resume: 'running', stop: 'stopped' },
  // Final: a stopped experiment's results are the record of what happened; rerunning means a new experiment.
  stopped: {},
};

/** The status after `action`, or null when the action is not allowed from `from`. */
export function nextStatus(from: ExperimentStatus, action: ExperimentAction): ExperimentStatus | null {
  return EXPERIMENT_TRANSITIONS[from][action] ?? null;
}

/** null when `action` is allowed from `from`, else a message saying why not. */
export function assertTransition(from: ExperimentStatus, action: ExperimentAction): string | null {
  if (nextStatus(from, action) !== null) return null;
  if (from === 'stopped') return `a stopped experiment is final and cannot ${action}`;
  const allowed = Object.keys(EXPERIMENT_TRANSITIONS[from]).join(', ');
  return `cannot ${action} an experiment that is ${from} (allowed: ${allowed})`;
}

// ------------------------------------------------------------------------------------------------
// Variants and allocation
// ------------------------------------------------------------------------------------------------

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 10;
/** Lower-case slug: safe in URLs, analytics events and seeds, and hard to mistype. */
export const VARIANT_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export interface VariantDefinition {
  key: string;
  /** Relative weight; [50, 50], [1, 1] and [0.5, 0.5] are the same split. 0 = receives nobody. */
  weight: number;
  isControl: boolean;
}

/** Everything wrong with a variant set (empty when it is valid), in a stable order. */
export function variantProblems(variants: readonly VariantDefinition[]): string[] {
  const problems: string[] = [];
  if (variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS) {
    problems.push(`an experiment needs ${MIN_VARIANTS} to ${MAX_VARIANTS} variants, got ${variants.length}`);
  }

  const seen = new Set<string>();
  for (const { key } of variants) {
    if (!VARIANT_KEY_PATTERN.test(key)) {
      problems.push(`variant key "${key}" must be 1-32 characters of a-z, 0-9, _ or -, starting with a letter or digit`);
    } else if (seen.has(key)) {
      problems.push(`variant key "${key}" is used twice`);
    }
    seen.add(key);
  }

  const controls = variants.filter((v) => v.isControl).length;
  if (controls !== 1) problems.push(`exactly one variant must be the control, got ${controls}`);

  const badWeight = variants.find((v) => typeof v.weight !== 'number' || !Number.isFinite(v.weight) || v.weight < 0);
  if (badWeight) {
    problems.push(`variant "${badWeight.key}" has weight ${String(badWeight.weight)}; weights must be non-negative numbers`);
  } else if (variants.length > 0 && variants.reduce((sum, v) => sum + v.weight, 0) <= 0) {
    problems.push('at least one variant must have a weight above 0');
  }
  return problems;
}

/** null when `coverage` (share of visitors in the experiment) is valid: 0 < coverage <= 1. */
export function coverageProblem(coverage: number): string | null {
  if (typeof coverage !== 'number' || !Number.isFinite(coverage) || coverage <= 0 || coverage > 1) {
    return `coverage must be above 0 and at most 1, got ${String(coverage)}`;
  }
  return null;
}

/** Weights and coverage can be edited in place only before the first visitor was bucketed. */
export function canChangeAllocation(status: ExperimentStatus): boolean {
  return status === 'draft';
}

/** Phases are numbered from 1; a draft is already in phase 1, the phase its start will run. */
export const FIRST_PHASE = 1;

/** The phase after `current`. */
export function nextPhase(current: number): number {
  if (!Number.isInteger(current) || current < FIRST_PHASE) {
    throw new RangeError(`phase must be an integer >= ${FIRST_PHASE}, got ${current}`);
  }
  return current + 1;
}

export type AllocationChangeDecision = { ok: true; phase: number } | { ok: false; error: string };

/**
 * May the weights/coverage change now, and in which phase do the new ones apply?
 * - draft: yes, in place (nobody was bucketed yet), phase unchanged;
 * - running or paused: only with `newPhase: true`, which moves to the next phase;
 * - stopped: never.
 */
export function decideAllocationChange(
  status: ExperimentStatus,
  currentPhase: number,
  options: { newPhase: boolean },
): AllocationChangeDecision {
  if (status === 'stopped') return { ok: false, error: 'a stopped experiment cannot change its allocation' };
  if (canChangeAllocation(status)) return { ok: true, phase: currentPhase };
  if (!options.newPhase) {
    return {
      ok: false,
      error:
        `changing weights or coverage of a ${status} experiment re-buckets visitors; ` +
        'confirm with newPhase: true to start a new phase (results restart from zero)',
    };
  }
  return { ok: true, phase: nextPhase(currentPhase) };
}

export interface Allocation {
  /** In variant order: the order is part of the allocation (bucket slices are laid out in it). */
  variants: readonly Pick<VariantDefinition, 'key' | 'weight'>[];
  coverage: number;
}

/**
 * Whether going from `before` to `after` would move any visitor: different coverage, variants added,
 * removed or reordered, or a weight changed. Renaming a variant's display name is not an allocation change.
 * Weights are compared as shares ([50, 50] equals [1, 1]) since that is all bucketing sees.
 */
export function isAllocationChange(before: Allocation, after: Allocation): boolean {
  if (before.coverage !== after.coverage) return true;
  if (before.variants.length !== after.variants.length) return true;
  const shares = (allocation: Allocation): number[] => {
    const total = allocation.variants.reduce((sum, v) => sum + v.weight, 0);
    return allocation.variants.map((v) => (total > 0 ? v.weight / total : 0));
  };
  const beforeShares = shares(before);
  const afterShares = shares(after);
  return before.variants.some(
    (v, i) => v.key !== after.variants[i].key || Math.abs(beforeShares[i] - afterShares[i]) > 1e-12,
  );
}

/**
 * The hash seed for bucketing: `${seed ?? experimentKey}:${phase}`.
 * The phase is always part of it, so a new phase re-buckets everyone and nothing else ever does. A
 * configured seed replaces only the key part, e.g. to keep the buckets of an experiment whose key was
 * renamed (store the old key as its seed).
 */
export function bucketingSeed(experiment: { experimentKey: string; phase: number; seed?: string | null }): string {
  return `${experiment.seed ?? experiment.experimentKey}:${experiment.phase}`;
}
