/**
 * Deterministic A/B assignment: which variant a visitor sees, with no state and no randomness.
 *
 * This is GrowthBook's algorithm (JS SDK, packages/sdk-js/src/util.ts: `hash`, `getBucketRanges`,
 * `chooseVariation`), reproduced exactly so that
 *  - a visitor keeps their variant across requests, servers and restarts (nothing is stored), and
 *  - GrowthBook's own test cases (packages/sdk-js/test/cases.json) check this code (see bucketing.spec.ts).
 *
 * How it works: hash(seed, visitorId) gives a number in [0, 1). The weights cut [0, 1) into one slice per
 * variant; coverage shrinks every slice from its start, so the uncovered tail of each slice means
 * "not in the experiment". The visitor gets the variant whose (shrunk) slice holds their number.
 */
import { fnv32a } from './fnv32a';

/** 1 = GrowthBook's original hash (biased, 1,000 buckets); 2 = the current one (10,000 buckets). */
export type HashVersion = 1 | 2;

/** Half-open slice [start, end) of the unit interval owned by one variant. */
export type BucketRange = readonly [start: number, end: number];

/**
 * The visitor's position in [0, 1) for a seed, or null for an unknown hash version (as GrowthBook).
 * `version` is a plain number, not HashVersion, because stored configuration may hold anything.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) {
    // Hashing the hash removes the bias of version 1 (similar ids landing in similar buckets).
    return (fnv32a(String(fnv32a(seed + value))) % 10000) / 10000;
  }
  if (version === 1) {
    // Note the order: value before seed. Kept only so old experiments keep their buckets.
    return (fnv32a(value + seed) % 1000) / 1000;
  }
  return null;
}

/** n equal weights summing to 1 (empty for n <= 0). */
export function getEqualWeights(numVariations: number): number[] {
  if (numVariations <= 0) return [];
  return new Array<number>(numVariations).fill(1 / numVariations);
}

/**
 * One range per variant, exactly as GrowthBook computes them.
 * - coverage is clamped to 0..1 (undefined means 1);
 * - weights missing, of the wrong length, or not summing to 1 within ±0.01 are replaced by equal
 *   weights (GrowthBook's fallback; assignVariant normalises its weights first so this never bites);
 * - each variant keeps its slice start, and covers only `coverage` of its slice.
 */
export function getBucketRanges(
  numVariations: number,
  coverage: number | undefined,
  weights?: readonly number[] | null,
): BucketRange[] {
  let clampedCoverage = coverage === undefined ? 1 : coverage;
  if (clampedCoverage < 0) clampedCoverage = 0;
  else if (clampedCoverage > 1) clampedCoverage = 1;

  const equal = getEqualWeights(numVariations);
  let usedWeights: readonly number[] = weights ?? equal;
  if (usedWeights.length !== numVariations) usedWeights = equal;
  const totalWeight = usedWeights.reduce((sum, w) => sum + w, 0);
  if (totalWeight < 0.99 || totalWeight > 1.01) usedWeights = equal;

  let cumulative = 0;
  return usedWeights.map((w): BucketRange => {
    const start = cumulative;
    cumulative += w;
    return [start, start + clampedCoverage * w];
  });
}

/** Whether n lies in the half-open range [start, end). */
export function inRange(n: number, range: BucketRange): boolean {
  return n >= range[0] && n < range[1];
}

/** Index of the first range holding n, or -1 when none does (the visitor is outside coverage). */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (inRange(n, ranges[i])) return i;
  }
  return -1;
}

export interface AssignVariantInput {
  /** Used as the seed when no seed is given (GrowthBook: `experiment.seed || experiment.key`). */
  experimentKey: string;
  /**
   * Hash seed. Changing it re-buckets every visitor; experiment-rules.ts `bucketingSeed` builds one
   * that includes the phase, so visitors are re-bucketed exactly when a new phase starts.
   */
  seed?: string;
  /** Stable id of the visitor (member id, or the anonymous visitor cookie). */
  visitorId: string;
  /**
   * Relative weight per variant, in variant order (the order is part of the allocation). Any
   * non-negative numbers with a positive sum: [50, 50], [1, 1] and [0.5, 0.5] are the same split.
   */
  weights: readonly number[];
  /** Share of visitors in the experiment, 0..1 (clamped like GrowthBook). */
  coverage: number;
  hashVersion?: HashVersion;
}

/**
 * The index (into `weights`) of the visitor's variant, or null when the visitor is not in the
 * experiment (outside coverage, empty visitor id, or unknown hash version).
 *
 * Throws a RangeError for weights no experiment could have (none, negative, not finite, summing to 0):
 * experiment-rules.ts `variantProblems` rejects those before an experiment can run.
 */
export function assignVariant(input: AssignVariantInput): number | null {
  const { experimentKey, visitorId, weights, coverage } = input;
  const hashVersion = input.hashVersion ?? 2;
  // GrowthBook does not bucket visitors without an id: they would all share one bucket.
  if (visitorId === '') return null;

  const n = hash(input.seed ?? experimentKey, visitorId, hashVersion);
  if (n === null) return null;

  const ranges = getBucketRanges(weights.length, coverage, normaliseWeights(weights));
  const index = chooseVariation(n, ranges);
  return index === -1 ? null : index;
}

/**
 * Weights that GrowthBook would accept (summing to 1 within ±0.01) are returned untouched, so the
 * result is bit-for-bit GrowthBook's; any other valid weights are scaled to sum to 1, where GrowthBook
 * would silently fall back to equal weights.
 */
function normaliseWeights(weights: readonly number[]): readonly number[] {
  if (weights.length === 0) throw new RangeError('an experiment needs at least one variant weight');
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new RangeError(`variant weights must be finite and non-negative, got [${weights.join(', ')}]`);
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) throw new RangeError('variant weights must not all be zero');
  if (total >= 0.99 && total <= 1.01) return weights;
  return weights.map((w) => w / total);
}
