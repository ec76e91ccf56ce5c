/**
 * Checks of the JSON marketing sends for an activity rule, a coupon rule and a scope, before it is
 * stored as is. Each function takes anything (parsed JSON) and returns the problems found, one
 * message per broken rule naming the field (`rule.tiers[1].offMinor must ...`); [] means valid, and
 * a value with no problems has exactly the shape of its type in pricing-types.ts.
 *
 * Common rules: no unknown keys; money is a whole number of minor units (a safe integer); percents
 * are whole numbers from 1 to 100; tier lists are non-empty, sorted ascending without duplicates,
 * and a higher tier may not give less than a lower one.
 */

type JsonObject = Record<string, unknown>;

const ACTIVITY_FIELDS: Record<string, readonly string[]> = {
  full_reduction: ['kind', 'tiers'],
  tiered_quantity: ['kind', 'tiers'],
  flash_sale: ['kind', 'unitPriceMinor', 'quantityLimit', 'perBuyerLimit'],
  nth_item: ['kind', 'nth', 'percentOff'],
  member_price: ['kind', 'levels'],
};
const COUPON_FIELDS = ['kind', 'offMinor', 'percentOff', 'maxOffMinor', 'minSpendMinor', 'stacksWithActivities'];
const SCOPE_FIELDS = ['goodsIds', 'categoryIds'];

interface IntegerSpec {
  min: number;
  max?: number;
  /** What the value must be, completing "<field> must be …". */
  what: string;
}
const MONEY_0: IntegerSpec = { min: 0, what: 'a whole number of minor units, 0 or more' };
const MONEY_1: IntegerSpec = { min: 1, what: 'a whole number of minor units, 1 or more' };
const PERCENT: IntegerSpec = { min: 1, max: 100, what: 'a whole percent from 1 to 100' };
const COUNT_1: IntegerSpec = { min: 1, what: 'a whole number, 1 or more' };
const COUNT_2: IntegerSpec = { min: 2, what: 'a whole number, 2 or more' };

/** Problems of an activity rule (any of the five kinds). */
export function activityRuleProblems(rule: unknown): string[] {
  if (!isObject(rule)) return ['rule must be an object'];
  const kind = field(rule, 'kind');
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(ACTIVITY_FIELDS, kind)) {
    return [`rule.kind must be one of ${Object.keys(ACTIVITY_FIELDS).join(', ')}`];
  }
  const problems = unknownKeys(rule, ACTIVITY_FIELDS[kind], 'rule', `${kind} rules`);
  switch (kind) {
    case 'full_reduction':
      problems.push(...tierProblems(rule, { key: 'thresholdMinor', spec: MONEY_1 }, { key: 'offMinor', spec: MONEY_1 }, true));
      break;
    case 'tiered_quantity':
      problems.push(
        ...tierProblems(
          rule,
          { key: 'minQuantity', spec: { min: 1, what: 'a whole number of items, 1 or more' } },
          { key: 'percentOff', spec: PERCENT },
          false,
        ),
      );
      break;
    case 'flash_sale': {
      problems.push(...integerProblems(rule, 'unitPriceMinor', 'rule', MONEY_0));
      problems.push(...integerProblems(rule, 'quantityLimit', 'rule', COUNT_1));
      const perBuyer = field(rule, 'perBuyerLimit');
      if (perBuyer === undefined) problems.push('rule.perBuyerLimit is required (null for no limit)');
      else if (perBuyer !== null && !isIntegerIn(perBuyer, COUNT_1)) {
        problems.push('rule.perBuyerLimit must be a whole number, 1 or more, or null for no limit');
      }
      break;
    }
    case 'nth_item':
      problems.push(...integerProblems(rule, 'nth', 'rule', COUNT_2));
      problems.push(...integerProblems(rule, 'percentOff', 'rule', PERCENT));
      break;
    case 'member_price':
      problems.push(...memberLevelProblems(rule));
      break;
  }
  return problems;
}

/** Problems of a coupon rule (fixed or percent). */
export function couponRuleProblems(rule: unknown): string[] {
  if (!isObject(rule)) return ['rule must be an object'];
  const problems = unknownKeys(rule, COUPON_FIELDS, 'rule', 'coupon rules');
  const kind = field(rule, 'kind');
  if (kind === 'fixed') {
    problems.push(...integerProblems(rule, 'offMinor', 'rule', MONEY_1));
    if (isSet(rule, 'percentOff')) problems.push('rule.percentOff applies only to percent coupons');
    if (isSet(rule, 'maxOffMinor')) problems.push('rule.maxOffMinor applies only to percent coupons');
  } else if (kind === 'percent') {
    problems.push(...integerProblems(rule, 'percentOff', 'rule', PERCENT));
    const cap = field(rule, 'maxOffMinor');
    if (cap !== undefined && cap !== null && !isIntegerIn(cap, MONEY_1)) {
      problems.push(`rule.maxOffMinor must be ${MONEY_1.what}, or null for no cap`);
    }
    if (isSet(rule, 'offMinor')) problems.push('rule.offMinor applies only to fixed coupons');
  } else {
    problems.push('rule.kind must be fixed or percent');
  }
  problems.push(...integerProblems(rule, 'minSpendMinor', 'rule', MONEY_0));
  const stacks = field(rule, 'stacksWithActivities');
  if (typeof stacks !== 'boolean') problems.push('rule.stacksWithActivities must be true or false');
  return problems;
}

/** Problems of a scope: both lists required (empty = all goods), non-empty string ids, no repeats. */
export function scopeProblems(scope: unknown): string[] {
  if (!isObject(scope)) return ['scope must be an object'];
  const problems = unknownKeys(scope, SCOPE_FIELDS, 'scope', 'scopes');
  for (const key of SCOPE_FIELDS) {
    const ids = field(scope, key);
    const at = `scope.${key}`;
    if (!Array.isArray(ids)) {
      problems.push(`${at} must be an array of ids (empty for all)`);
      continue;
    }
    ids.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || id.trim() === '') problems.push(`${at}[${i}] must be a non-empty string`);
      else {
        const first = ids.indexOf(id);
        if (first < i) problems.push(`${at}[${i}] repeats ${at}[${first}]`);
      }
    });
  }
  return problems;
}

interface TierField {
  key: string;
  spec: IntegerSpec;
}

/**
 * `rule.tiers`: a non-empty array of objects with exactly the two fields, `by` strictly increasing
 * (sorted, no duplicates), `gives` never decreasing from one tier to the next; with `capped`, a
 * tier's `gives` may not exceed its own `by` (满减: the off may not exceed the threshold).
 */
function tierProblems(rule: JsonObject, by: TierField, gives: TierField, capped: boolean): string[] {
  const tiers = field(rule, 'tiers');
  if (!Array.isArray(tiers) || tiers.length === 0) return ['rule.tiers must be a non-empty array'];
  const problems: string[] = [];
  const parsed: Array<{ by: number; gives: number } | null> = [];
  tiers.forEach((tier: unknown, i) => {
    const at = `rule.tiers[${i}]`;
    if (!isObject(tier)) {
      problems.push(`${at} must be an object`);
      parsed.push(null);
      return;
    }
    problems.push(...unknownKeys(tier, [by.key, gives.key], at, 'tiers'));
    const byProblems = integerProblems(tier, by.key, at, by.spec);
    const givesProblems = integerProblems(tier, gives.key, at, gives.spec);
    problems.push(...byProblems, ...givesProblems);
    const byValue = byProblems.length === 0 ? (field(tier, by.key) as number) : null;
    const givesValue = givesProblems.length === 0 ? (field(tier, gives.key) as number) : null;

    if (byValue !== null) {
      const duplicate = parsed.findIndex((p) => p !== null && p.by === byValue);
      const previous = parsed[i - 1];
      if (duplicate >= 0) {
        problems.push(`${at}.${by.key} duplicates rule.tiers[${duplicate}].${by.key} (${byValue})`);
      } else if (previous && byValue < previous.by) {
        problems.push(`${at}.${by.key} must be greater than rule.tiers[${i - 1}].${by.key} (tiers sorted ascending)`);
      }
    }
    if (capped && byValue !== null && givesValue !== null && givesValue > byValue) {
      problems.push(`${at}.${gives.key} must not exceed ${at}.${by.key} (${byValue})`);
    }
    const previous = parsed[i - 1];
    if (givesValue !== null && previous && byValue !== null && byValue > previous.by && givesValue < previous.gives) {
      problems.push(`${at}.${gives.key} must not be less than rule.tiers[${i - 1}].${gives.key} (a higher tier may not give less)`);
    }
    parsed.push(byValue !== null && givesValue !== null ? { by: byValue, gives: givesValue } : null);
  });
  return problems;
}

/** 会员价 `rule.levels`: non-empty; each a distinct levelId with exactly one of percentOff and unitPriceMinor. */
function memberLevelProblems(rule: JsonObject): string[] {
  const levels = field(rule, 'levels');
  if (!Array.isArray(levels) || levels.length === 0) return ['rule.levels must be a non-empty array'];
  const problems: string[] = [];
  const seen: string[] = [];
  levels.forEach((level: unknown, i) => {
    const at = `rule.levels[${i}]`;
    if (!isObject(level)) {
      problems.push(`${at} must be an object`);
      seen.push('');
      return;
    }
    problems.push(...unknownKeys(level, ['levelId', 'percentOff', 'unitPriceMinor'], at, 'member levels'));
    const levelId = field(level, 'levelId');
    if (typeof levelId !== 'string' || levelId.trim() === '') {
      problems.push(`${at}.levelId must be a non-empty string`);
      seen.push('');
    } else {
      const first = seen.indexOf(levelId);
      if (first >= 0) problems.push(`${at}.levelId duplicates rule.levels[${first}].levelId (${levelId})`);
      seen.push(levelId);
    }
    const hasPercent = field(level, 'percentOff') !== undefined;
    const hasPrice = field(level, 'unitPriceMinor') !== undefined;
    if (hasPercent === hasPrice) {
      problems.push(`${at} must set exactly one of percentOff and unitPriceMinor`);
    } else if (hasPercent) {
      problems.push(...integerProblems(level, 'percentOff', at, PERCENT));
    } else {
      problems.push(...integerProblems(level, 'unitPriceMinor', at, MONEY_0));
    }
  });
  return problems;
}

function integerProblems(obj: JsonObject, key: string, path: string, spec: IntegerSpec): string[] {
  const value = field(obj, key);
  if (value === undefined) return [`${path}.${key} is required`];
  return isIntegerIn(value, spec) ? [] : [`${path}.${key} must be ${spec.what}`];
}

function isIntegerIn(value: unknown, spec: IntegerSpec): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= spec.min &&
    (spec.max === undefined || value <= spec.max)
  );
}

function unknownKeys(obj: JsonObject, allowed: readonly string[], path: string, what: string): string[] {
  return Object.keys(obj)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${path}.${key} is not a field of ${what}`);
}

/** An own field (never an inherited one such as `constructor`), undefined when absent. */
function field(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Present with a value other than null. */
function isSet(obj: JsonObject, key: string): boolean {
  const value = field(obj, key);
  return value !== undefined && value !== null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
