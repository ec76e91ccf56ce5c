import { compareIds, scopeMatches } from './live-rules';
import type {
  Activity,
  FlashSaleRule,
  LineAdjustment,
  MemberPriceRule,
  NthItemRule,
  TieredQuantityRule,
} from './pricing-types';
import { formatMinor, percentOfHalfUp } from './rounding';
import type { WorkingLine } from './working-line';

/** The stage-1 rules: each changes what one line's units cost. */
export type UnitPriceRule = FlashSaleRule | MemberPriceRule | TieredQuantityRule | NthItemRule;
export type UnitPriceActivity = Activity & { rule: UnitPriceRule };

/** Tie order between unit-price kinds saving the same amount (then the activity id decides). */
const KIND_ORDER: Record<UnitPriceRule['kind'], number> = {
  flash_sale: 0,
  member_price: 1,
  tiered_quantity: 2,
  nth_item: 3,
};

export function isUnitPriceActivity(activity: Activity): activity is UnitPriceActivity {
  return activity.rule.kind in KIND_ORDER;
}

/** What one activity would save on one line, or why it does not apply there. */
type LineEvaluation =
  | { saving: number; flashUnits: number; reason: string }
  | { saving: 0; miss: string };

interface LineContext {
  memberLevelId: string | null;
  /** Flash-sale units still available to this buyer per activity id (shared by the lines in cart order). */
  flashLeft: ReadonlyMap<string, number>;
}

export interface UnitPriceOutcome {
  lines: WorkingLine[];
  adjustments: LineAdjustment[];
  flashSaleUnits: Record<string, number>;
  /** For each activity given: null when it won at least one line, otherwise why it did not apply. */
  outcomes: Map<UnitPriceActivity, string | null>;
}

/**
 * Stage 1: on each line (in cart order) every live unit-price activity whose scope matches is
 * evaluated, and only the one saving the most applies (ties: flash_sale, member_price,
 * tiered_quantity, nth_item, then the smaller activity id). A line won by a flash sale is marked
 * `flash` and uses up flash units from the buyer's allowance, which the later lines then share.
 */
export function applyUnitPriceActivities(
  lines: readonly WorkingLine[],
  activities: readonly UnitPriceActivity[],
  memberLevelId: string | null,
  flashSaleAllowance: Readonly<Record<string, number>>,
): UnitPriceOutcome {
  const flashLeft = new Map<string, number>();
  for (const activity of activities) {
    if (activity.rule.kind === 'flash_sale') flashLeft.set(activity.id, allowanceOf(flashSaleAllowance, activity.id));
  }
  const won = new Set<UnitPriceActivity>();
  const lost = new Set<UnitPriceActivity>();
  const firstMiss = new Map<UnitPriceActivity, string>();
  const adjustments: LineAdjustment[] = [];
  const flashSaleUnits: Record<string, number> = {};

  const next = lines.map((working) => {
    const candidates: Array<{ activity: UnitPriceActivity; saving: number; flashUnits: number; reason: string }> = [];
    for (const activity of activities) {
      if (!scopeMatches(activity.scope, working.line)) continue;
      const evaluation = evaluateOnLine(activity, working, { memberLevelId, flashLeft });
      if ('miss' in evaluation) {
        if (!firstMiss.has(activity)) firstMiss.set(activity, evaluation.miss);
      } else {
        candidates.push({ activity, ...evaluation });
      }
    }
    if (candidates.length === 0) return { ...working };
    candidates.sort(
      (a, b) =>
        b.saving - a.saving ||
        KIND_ORDER[a.activity.rule.kind] - KIND_ORDER[b.activity.rule.kind] ||
        compareIds(a.activity.id, b.activity.id),
    );
    const [best, ...others] = candidates;
    won.add(best.activity);
    for (const other of others) lost.add(other.activity);
    adjustments.push({
      lineId: working.line.lineId,
      amountMinor: -best.saving,
      source: `activity:${best.activity.id}`,
      kind: best.activity.rule.kind,
      reason: best.reason,
    });
    const flash = best.flashUnits > 0;
    if (flash) {
      const id = best.activity.id;
      flashLeft.set(id, (flashLeft.get(id) ?? 0) - best.flashUnits);
      flashSaleUnits[id] = (flashSaleUnits[id] ?? 0) + best.flashUnits;
    }
    return { ...working, amountMinor: working.amountMinor - best.saving, flash };
  });

  const outcomes = new Map<UnitPriceActivity, string | null>();
  for (const activity of activities) {
    if (won.has(activity)) outcomes.set(activity, null);
    else if (lost.has(activity)) outcomes.set(activity, 'another activity saves more on its goods');
    else outcomes.set(activity, firstMiss.get(activity) ?? 'no eligible goods');
  }
  return { lines: next, adjustments, flashSaleUnits, outcomes };
}

function evaluateOnLine(activity: UnitPriceActivity, working: WorkingLine, context: LineContext): LineEvaluation {
  if (working.listTotalMinor === 0) return { saving: 0, miss: 'nothing to discount' };
  const evaluation = evaluateRule(activity, working, context);
  if (!('miss' in evaluation) && evaluation.saving <= 0) return { saving: 0, miss: 'the saving rounds to zero' };
  return evaluation;
}

function evaluateRule(activity: UnitPriceActivity, working: WorkingLine, context: LineContext): LineEvaluation {
  const { rule, name } = activity;
  const { quantity, unitPriceMinor } = working.line;
  switch (rule.kind) {
    case 'flash_sale':
      return flashSale(rule, name, quantity, unitPriceMinor, context.flashLeft.get(activity.id) ?? 0);
    case 'member_price':
      return memberPrice(rule, name, working, context.memberLevelId);
    case 'tiered_quantity':
      return tieredQuantity(rule, name, working);
    case 'nth_item':
      return nthItem(rule, name, quantity, unitPriceMinor);
  }
}

/** 限时抢购: units = min(quantity, units left to this buyer); saving = units × (list − flash price). */
function flashSale(rule: FlashSaleRule, name: string, quantity: number, unitPriceMinor: number, left: number): LineEvaluation {
  const perUnit = unitPriceMinor - rule.unitPriceMinor;
  if (perUnit <= 0) return { saving: 0, miss: 'the flash price is not below the list price' };
  const units = Math.min(quantity, left);
  if (units <= 0) return { saving: 0, miss: 'no flash-sale units left for this buyer' };
  return {
    saving: units * perUnit,
    flashUnits: units,
    reason: `Flash sale: ${units} at ${formatMinor(rule.unitPriceMinor)} each (${name})`,
  };
}

/** 会员价: a percent off the line, or a member unit price, for the buyer's level. */
function memberPrice(rule: MemberPriceRule, name: string, working: WorkingLine, memberLevelId: string | null): LineEvaluation {
  const level = memberLevelId === null ? undefined : rule.levels.find((l) => l.levelId === memberLevelId);
  if (level === undefined) return { saving: 0, miss: "the buyer's member level is not eligible" };
  if (typeof level.percentOff === 'number') {
    return {
      saving: percentOfHalfUp(working.listTotalMinor, level.percentOff),
      flashUnits: 0,
      reason: `Member price: ${level.percentOff}% off (${name})`,
    };
  }
  if (typeof level.unitPriceMinor === 'number') {
    const perUnit = working.line.unitPriceMinor - level.unitPriceMinor;
    if (perUnit <= 0) return { saving: 0, miss: 'the member price is not below the list price' };
    return {
      saving: working.line.quantity * perUnit,
      flashUnits: 0,
      reason: `Member price: ${formatMinor(level.unitPriceMinor)} each (${name})`,
    };
  }
  return { saving: 0, miss: 'no member price is set for the level' };
}

/** 阶梯: the highest tier whose minimum quantity the line reaches → that percent off the line. */
function tieredQuantity(rule: TieredQuantityRule, name: string, working: WorkingLine): LineEvaluation {
  const reached = rule.tiers.filter((t) => t.minQuantity <= working.line.quantity);
  if (reached.length === 0) {
    const lowest = Math.min(...rule.tiers.map((t) => t.minQuantity));
    return { saving: 0, miss: `buy at least ${lowest} of one goods to qualify` };
  }
  const tier = reached.reduce((best, t) => (t.minQuantity > best.minQuantity ? t : best));
  return {
    saving: percentOfHalfUp(working.listTotalMinor, tier.percentOff),
    flashUnits: 0,
    reason: `Buy ${tier.minQuantity} or more: ${tier.percentOff}% off (${name})`,
  };
}

/** 第N件X折: floor(quantity / nth) units are discounted by the percent. */
function nthItem(rule: NthItemRule, name: string, quantity: number, unitPriceMinor: number): LineEvaluation {
  const units = Math.floor(quantity / rule.nth);
  if (units === 0) return { saving: 0, miss: `buy at least ${rule.nth} of one goods to qualify` };
  return {
    saving: percentOfHalfUp(units * unitPriceMinor, rule.percentOff),
    flashUnits: 0,
    reason: `Every ${ordinal(rule.nth)} item ${rule.percentOff}% off (${name})`,
  };
}

function allowanceOf(allowance: Readonly<Record<string, number>>, id: string): number {
  const value = Object.prototype.hasOwnProperty.call(allowance, id) ? allowance[id] : 0;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** 2 → "2nd", 3 → "3rd", 11 → "11th", 21 → "21st". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}
