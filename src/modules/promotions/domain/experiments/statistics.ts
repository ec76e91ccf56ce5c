/**
 * The two hypothesis tests an A/B report needs:
 *  - twoProportionZTest: does the variant convert differently from control?
 *  - chiSquareSrm: did visitors arrive in the configured split? (a "sample ratio mismatch" means the
 *    assignment or the tracking is broken, and no other number in the report can be trusted).
 */
import { chiSquareSurvival, normalCdf } from './distributions';

// The distributions are part of the statistics vocabulary; re-exported so callers need one import.
export { chiSquareSurvival, normalCdf } from './distributions';

export interface ConversionCounts {
  visitors: number;
  /** Visitors who converted (at most one per visitor), not a count of events. */
  conversions: number;
}

export interface ZTestResult {
  /** (variant rate − control rate) / pooled standard error; null when a group has no visitors. */
  z: number | null;
  /** Two-sided p-value; null when a group has no visitors. */
  pValue: number | null;
  /** variant rate / control rate − 1; null when the control rate is 0 (or unknown). */
  relativeUplift: number | null;
}

/**
 * Two-sided two-proportion z-test with the pooled standard error, the textbook test for "is there any
 * difference" (under H0 both groups share one rate, so it is estimated from both groups together).
 * Sound for the group sizes of a web experiment (thousands of visitors); not for a dozen visitors.
 */
export function twoProportionZTest(control: ConversionCounts, variant: ConversionCounts): ZTestResult {
  assertCounts('control', control);
  assertCounts('variant', variant);
  if (control.visitors === 0 || variant.visitors === 0) {
    return { z: null, pValue: null, relativeUplift: null };
  }

  const controlRate = control.conversions / control.visitors;
  const variantRate = variant.conversions / variant.visitors;
  const relativeUplift = controlRate === 0 ? null : variantRate / controlRate - 1;

  const pooledRate = (control.conversions + variant.conversions) / (control.visitors + variant.visitors);
  const standardError = Math.sqrt(pooledRate * (1 - pooledRate) * (1 / control.visitors + 1 / variant.visitors));
  // A zero standard error means nobody (or everybody) converted in both groups: identical rates, no evidence.
  if (standardError === 0) return { z: 0, pValue: 1, relativeUplift };

  const z = (variantRate - controlRate) / standardError;
  // 2·Φ(−|z|) rather than 2·(1 − Φ(|z|)): no cancellation, so tiny p-values keep their digits.
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  return { z, pValue, relativeUplift };
}

function assertCounts(group: string, counts: ConversionCounts): void {
  const { visitors, conversions } = counts;
  if (!Number.isInteger(visitors) || visitors < 0 || !Number.isInteger(conversions) || conversions < 0) {
    throw new RangeError(`${group}: visitors and conversions must be non-negative integers`);
  }
  if (conversions > visitors) {
    throw new RangeError(
      `${group}: ${conversions} conversions for ${visitors} visitors; count converting visitors, not orders`,
    );
  }
}

export interface SrmResult {
  /** Pearson's statistic Σ (observed − expected)² / expected. */
  chiSquare: number;
  /** Variants that could receive visitors (positive weight), minus one. */
  degreesOfFreedom: number;
  /** P(a split at least this far from the weights | assignment works). */
  pValue: number;
}

/**
 * Pearson chi-square goodness-of-fit of observed visitor counts against the configured weights.
 *
 * Edge cases, chosen so that the answer is never "mismatch" without evidence:
 *  - no visitors at all: chiSquare 0, pValue 1 (nothing to compare);
 *  - a variant with weight 0 is left out of the test, unless it received visitors: then assignment is
 *    certainly broken, and the result is chiSquare Infinity, pValue 0;
 *  - fewer than two variants with positive weight: degreesOfFreedom 0, pValue 1.
 */
export function chiSquareSrm(observed: readonly number[], expectedWeights: readonly number[]): SrmResult {
  if (observed.length !== expectedWeights.length) {
    throw new RangeError(`${observed.length} observed counts for ${expectedWeights.length} weights`);
  }
  if (observed.some((count) => !Number.isInteger(count) || count < 0)) {
    throw new RangeError('observed visitor counts must be non-negative integers');
  }
  if (expectedWeights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new RangeError('expected weights must be finite and non-negative');
  }
  const totalWeight = expectedWeights.reduce((sum, w) => sum + w, 0);
  if (totalWeight <= 0) throw new RangeError('expected weights must not all be zero');

  const totalVisitors = observed.reduce((sum, count) => sum + count, 0);
  const weighted = expectedWeights.filter((w) => w > 0).length;
  const degreesOfFreedom = Math.max(0, weighted - 1);
  if (totalVisitors === 0) return { chiSquare: 0, degreesOfFreedom, pValue: 1 };

  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = (totalVisitors * expectedWeights[i]) / totalWeight;
    if (expected === 0) {
      if (observed[i] > 0) return { chiSquare: Infinity, degreesOfFreedom, pValue: 0 };
      continue;
    }
    chiSquare += (observed[i] - expected) ** 2 / expected;
  }
  if (degreesOfFreedom === 0) return { chiSquare, degreesOfFreedom, pValue: 1 };
  return { chiSquare, degreesOfFreedom, pValue: chiSquareSurvival(chiSquare, degreesOfFreedom) };
}
