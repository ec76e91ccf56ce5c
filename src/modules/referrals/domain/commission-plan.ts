/**
 * Who earns what on one paid sale. Pure arithmetic on integer minor units; the caller snapshots the
 * result on the commission rows, so later changes of rates, ranks or the tree never move them.
 */

/** China's rules on distribution (直销/传销 regulations) allow at most three levels of commission. */
export const MAX_COMMISSION_LEVELS = 3;
export const BPS = 10_000;

export interface RankRates {
  rankId: string;
  /** Rate of each level in basis points (index 0 = level 1); a missing level has no rank rate. */
  rateBpsByLevel: readonly number[];
}

/** One member of the buyer's upline, nearest first (index 0 = the buyer's referrer = level 1). */
export interface UplineMember {
  memberId: string;
  rank: RankRates | null;
}

export interface CommissionInput {
  /** What the buyer actually paid, in minor units. */
  amountPaidMinor: number;
  /** How many levels earn (1..3). */
  levels: number;
  /** The default rate of each level. */
  defaultRateBps: readonly number[];
  /** The goods item's own rates, replacing the default level by level where given; null = none. */
  goodsRateBps: readonly number[] | null;
  upline: readonly UplineMember[];
}

export type RateSource = 'default' | 'goods' | 'rank';

export interface PlannedCommission {
  level: number;
  beneficiaryId: string;
  rateBps: number;
  rateSource: RateSource;
  rankId: string | null;
  amountMinor: number;
}

/** floor(amount × rate / 10000), exact for any amount a bigint column holds. */
export function commissionOf(amountMinor: number, rateBps: number): number {
  return Number((BigInt(amountMinor) * BigInt(rateBps)) / BigInt(BPS));
}

/**
 * The commissions of a sale: for each level up to `levels` that has an upline member, the rate is
 * the goods item's rate for that level if it has one, else the default; a member whose rank carries
 * a higher rate for that level gets the rank's rate instead. Each amount is rounded down to the
 * minor unit; all together never exceed what was paid (a deeper level gets what is left). Levels
 * that would earn nothing are left out.
 */
export function planCommissions(input: CommissionInput): PlannedCommission[] {
  if (!Number.isInteger(input.levels) || input.levels < 1 || input.levels > MAX_COMMISSION_LEVELS) {
    throw new RangeError(`levels must be 1..${MAX_COMMISSION_LEVELS}, got ${input.levels}`);
  }
  if (!Number.isSafeInteger(input.amountPaidMinor) || input.amountPaidMinor < 0) {
    throw new RangeError(`amountPaidMinor must be a non-negative integer, got ${input.amountPaidMinor}`);
  }
  const planned: PlannedCommission[] = [];
  let left = input.amountPaidMinor;
  const depth = Math.min(input.levels, input.upline.length);
  for (let i = 0; i < depth; i += 1) {
    const member = input.upline[i];
    const goodsRate = input.goodsRateBps?.[i];
    let rateBps = goodsRate ?? input.defaultRateBps[i] ?? 0;
    let rateSource: RateSource = goodsRate === undefined ? 'default' : 'goods';
    let rankId: string | null = null;
    const rankRate = member.rank?.rateBpsByLevel[i];
    if (member.rank && rankRate !== undefined && rankRate > rateBps) {
      rateBps = rankRate;
      rateSource = 'rank';
      rankId = member.rank.rankId;
    }
    const amountMinor = Math.min(commissionOf(input.amountPaidMinor, rateBps), left);
    if (amountMinor <= 0) continue;
    left -= amountMinor;
    planned.push({ level: i + 1, beneficiaryId: member.memberId, rateBps, rateSource, rankId, amountMinor });
  }
  return planned;
}

/**
 * What is wrong with a list of per-level rates (settings, goods overrides, ranks): integers in
 * 0..10000 basis points, 1..3 of them, together at most 100% of the sale. Empty when sound.
 */
export function rateProblems(rates: readonly number[], expectedLength?: number): string[] {
  const problems: string[] = [];
  if (rates.length < 1 || rates.length > MAX_COMMISSION_LEVELS) {
    problems.push(`give 1 to ${MAX_COMMISSION_LEVELS} rates (commission is capped at ${MAX_COMMISSION_LEVELS} levels)`);
  }
  if (expectedLength !== undefined && rates.length !== expectedLength) {
    problems.push(`give exactly one rate per level (${expectedLength})`);
  }
  if (rates.some((r) => !Number.isInteger(r) || r < 0 || r > BPS)) problems.push(`each rate is an integer number of basis points, 0..${BPS}`);
  else if (rates.reduce((a, b) => a + b, 0) > BPS) problems.push(`the rates together exceed ${BPS} basis points (100% of the sale)`);
  return problems;
}
