import type { WholesaleTier } from '../public/goods.contracts';
import type { RuleProblem } from './rule-problem';

export const MAX_WHOLESALE_TIERS = 20;

/**
 * Wholesale tiers must read as a price list: each tier starts at a larger quantity (above 1) and
 * sells cheaper than the one before, and the first is already cheaper than the base price.
 */
export function wholesaleTierProblems(basePriceMinor: number, tiers: readonly WholesaleTier[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (tiers.length > MAX_WHOLESALE_TIERS) {
    problems.push({ field: 'wholesaleTiers', message: `at most ${MAX_WHOLESALE_TIERS} tiers are allowed` });
  }
  let previousQuantity = 1;
  let previousPrice = basePriceMinor;
  tiers.forEach((tier, i) => {
    const at = `wholesaleTiers.${i}`;
    if (!Number.isSafeInteger(tier.minQuantity) || tier.minQuantity <= previousQuantity) {
      problems.push({
        field: `${at}.minQuantity`,
        message:
          i === 0
            ? 'minQuantity must be a whole number above 1'
            : `minQuantity must be a whole number above the previous tier's (${previousQuantity})`,
      });
    }
    if (!Number.isSafeInteger(tier.unitPriceMinor) || tier.unitPriceMinor < 0) {
      problems.push({ field: `${at}.unitPriceMinor`, message: 'unitPriceMinor must be a whole number of minor units, 0 or more' });
    } else if (tier.unitPriceMinor >= previousPrice) {
      problems.push({
        field: `${at}.unitPriceMinor`,
        message:
          i === 0
            ? `unitPriceMinor must be below the base price (${basePriceMinor})`
            : `unitPriceMinor must be below the previous tier's (${previousPrice})`,
      });
    }
    if (Number.isSafeInteger(tier.minQuantity)) previousQuantity = Math.max(previousQuantity, tier.minQuantity);
    if (Number.isSafeInteger(tier.unitPriceMinor)) previousPrice = Math.min(previousPrice, tier.unitPriceMinor);
  });
  return problems;
}

/** The tier that prices `quantity` units: the one with the largest minQuantity not above it. */
export function tierFor(tiers: readonly WholesaleTier[], quantity: number): WholesaleTier | null {
  let applied: WholesaleTier | null = null;
  for (const tier of tiers) {
    if (tier.minQuantity <= quantity && (applied === null || tier.minQuantity > applied.minQuantity)) applied = tier;
  }
  return applied;
}

/** The price of one unit when `quantity` units are bought in one order line. */
export function unitPriceFor(basePriceMinor: number, tiers: readonly WholesaleTier[], quantity: number): number {
  return tierFor(tiers, quantity)?.unitPriceMinor ?? basePriceMinor;
}
