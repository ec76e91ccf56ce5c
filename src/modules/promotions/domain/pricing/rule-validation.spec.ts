import { activityRuleProblems, couponRuleProblems, scopeProblems } from './rule-validation';

const fr = (tiers: unknown) => activityRuleProblems({ kind: 'full_reduction', tiers });
const tq = (tiers: unknown) => activityRuleProblems({ kind: 'tiered_quantity', tiers });
const flash = (rule: object) =>
  activityRuleProblems({ kind: 'flash_sale', unitPriceMinor: 8000, quantityLimit: 100, perBuyerLimit: 2, ...rule });
const members = (levels: unknown) => activityRuleProblems({ kind: 'member_price', levels });

describe('activityRuleProblems', () => {
  it('accepts a valid rule of each kind (as parsed JSON)', () => {
    const valid = [
      '{"kind":"full_reduction","tiers":[{"thresholdMinor":10000,"offMinor":1500},{"thresholdMinor":20000,"offMinor":4000}]}',
      '{"kind":"full_reduction","tiers":[{"thresholdMinor":1000,"offMinor":1000}]}',
      '{"kind":"tiered_quantity","tiers":[{"minQuantity":2,"percentOff":5},{"minQuantity":5,"percentOff":10}]}',
      '{"kind":"flash_sale","unitPriceMinor":8000,"quantityLimit":100,"perBuyerLimit":2}',
      '{"kind":"flash_sale","unitPriceMinor":0,"quantityLimit":1,"perBuyerLimit":null}',
      '{"kind":"nth_item","nth":2,"percentOff":50}',
      '{"kind":"nth_item","nth":3,"percentOff":100}',
      '{"kind":"member_price","levels":[{"levelId":"gold","percentOff":15},{"levelId":"silver","unitPriceMinor":9000}]}',
    ];
    for (const json of valid) expect(activityRuleProblems(JSON.parse(json))).toEqual([]);
  });

  it('refuses what is not a rule of a known kind', () => {
    for (const rule of [null, undefined, 42, 'full_reduction', [], [{ kind: 'nth_item' }]]) {
      expect(activityRuleProblems(rule)).toEqual(['rule must be an object']);
    }
    const kinds = 'rule.kind must be one of full_reduction, tiered_quantity, flash_sale, nth_item, member_price';
    expect(activityRuleProblems({})).toEqual([kinds]);
    expect(activityRuleProblems({ kind: 'buy_one_get_one' })).toEqual([kinds]);
    expect(activityRuleProblems({ kind: 'constructor' })).toEqual([kinds]);
  });

  it('refuses unknown keys, including ones meant for another kind', () => {
    expect(activityRuleProblems({ kind: 'nth_item', nth: 2, percentOff: 50, tiers: [] })).toEqual([
      'rule.tiers is not a field of nth_item rules',
    ]);
    expect(activityRuleProblems(JSON.parse('{"kind":"nth_item","nth":2,"percentOff":50,"__proto__":{"x":1}}'))).toEqual([
      'rule.__proto__ is not a field of nth_item rules',
    ]);
    expect(fr([{ thresholdMinor: 10000, offMinor: 1500, note: 'x' }])).toEqual(['rule.tiers[0].note is not a field of tiers']);
  });

  describe('full_reduction', () => {
    it('refuses missing, empty or malformed tiers', () => {
      expect(activityRuleProblems({ kind: 'full_reduction' })).toEqual(['rule.tiers must be a non-empty array']);
      expect(fr([])).toEqual(['rule.tiers must be a non-empty array']);
      expect(fr({ thresholdMinor: 1, offMinor: 1 })).toEqual(['rule.tiers must be a non-empty array']);
      expect(fr([5])).toEqual(['rule.tiers[0] must be an object']);
      expect(fr([{}])).toEqual(['rule.tiers[0].thresholdMinor is required', 'rule.tiers[0].offMinor is required']);
    });

    it('refuses non-integer, negative or zero money', () => {
      expect(fr([{ thresholdMinor: 100.5, offMinor: '15' }])).toEqual([
        'rule.tiers[0].thresholdMinor must be a whole number of minor units, 1 or more',
        'rule.tiers[0].offMinor must be a whole number of minor units, 1 or more',
      ]);
      expect(fr([{ thresholdMinor: 0, offMinor: -1 }])).toEqual([
        'rule.tiers[0].thresholdMinor must be a whole number of minor units, 1 or more',
        'rule.tiers[0].offMinor must be a whole number of minor units, 1 or more',
      ]);
      expect(fr([{ thresholdMinor: 2 ** 53, offMinor: 1 }])).toEqual([
        'rule.tiers[0].thresholdMinor must be a whole number of minor units, 1 or more',
      ]);
    });

    it('refuses unsorted tiers, duplicate thresholds and offs above their threshold', () => {
      expect(fr([{ thresholdMinor: 10000, offMinor: 1500 }, { thresholdMinor: 5000, offMinor: 2000 }])).toEqual([
        'rule.tiers[1].thresholdMinor must be greater than rule.tiers[0].thresholdMinor (tiers sorted ascending)',
      ]);
      expect(fr([{ thresholdMinor: 10000, offMinor: 1500 }, { thresholdMinor: 10000, offMinor: 2000 }])).toEqual([
        'rule.tiers[1].thresholdMinor duplicates rule.tiers[0].thresholdMinor (10000)',
      ]);
      expect(fr([{ thresholdMinor: 1000, offMinor: 1500 }])).toEqual([
        'rule.tiers[0].offMinor must not exceed rule.tiers[0].thresholdMinor (1000)',
      ]);
      expect(fr([{ thresholdMinor: 10000, offMinor: 1500 }, { thresholdMinor: 20000, offMinor: 1000 }])).toEqual([
        'rule.tiers[1].offMinor must not be less than rule.tiers[0].offMinor (a higher tier may not give less)',
      ]);
    });
  });

  describe('tiered_quantity', () => {
    it('refuses percents outside 1..100, fractional percents and quantities below 1', () => {
      for (const percentOff of [0, 101, 12.5, '10', null]) {
        expect(tq([{ minQuantity: 2, percentOff }])).toEqual(['rule.tiers[0].percentOff must be a whole percent from 1 to 100']);
      }
      expect(tq([{ minQuantity: 0, percentOff: 5 }])).toEqual(['rule.tiers[0].minQuantity must be a whole number of items, 1 or more']);
    });

    it('refuses unsorted or duplicate quantities and lower percents for higher tiers', () => {
      expect(tq([{ minQuantity: 5, percentOff: 10 }, { minQuantity: 2, percentOff: 15 }])).toEqual([
        'rule.tiers[1].minQuantity must be greater than rule.tiers[0].minQuantity (tiers sorted ascending)',
      ]);
      expect(tq([{ minQuantity: 5, percentOff: 10 }, { minQuantity: 10, percentOff: 15 }, { minQuantity: 5, percentOff: 20 }])).toEqual([
        'rule.tiers[2].minQuantity duplicates rule.tiers[0].minQuantity (5)',
      ]);
      expect(tq([{ minQuantity: 2, percentOff: 10 }, { minQuantity: 5, percentOff: 5 }])).toEqual([
        'rule.tiers[1].percentOff must not be less than rule.tiers[0].percentOff (a higher tier may not give less)',
      ]);
    });
  });

  describe('flash_sale', () => {
    it('refuses a negative or fractional price, a quantity limit below 1 and a bad per-buyer limit', () => {
      expect(flash({ unitPriceMinor: -1 })).toEqual(['rule.unitPriceMinor must be a whole number of minor units, 0 or more']);
      expect(flash({ unitPriceMinor: 79.99 })).toEqual(['rule.unitPriceMinor must be a whole number of minor units, 0 or more']);
      expect(flash({ quantityLimit: 0 })).toEqual(['rule.quantityLimit must be a whole number, 1 or more']);
      expect(flash({ perBuyerLimit: 0 })).toEqual(['rule.perBuyerLimit must be a whole number, 1 or more, or null for no limit']);
      expect(flash({ perBuyerLimit: 'none' })).toEqual(['rule.perBuyerLimit must be a whole number, 1 or more, or null for no limit']);
      expect(activityRuleProblems({ kind: 'flash_sale', unitPriceMinor: 8000, quantityLimit: 100 })).toEqual([
        'rule.perBuyerLimit is required (null for no limit)',
      ]);
      expect(activityRuleProblems({ kind: 'flash_sale' })).toEqual([
        'rule.unitPriceMinor is required',
        'rule.quantityLimit is required',
        'rule.perBuyerLimit is required (null for no limit)',
      ]);
    });
  });

  describe('nth_item', () => {
    it('refuses nth below 2 and percents outside 1..100', () => {
      expect(activityRuleProblems({ kind: 'nth_item', nth: 1, percentOff: 50 })).toEqual(['rule.nth must be a whole number, 2 or more']);
      expect(activityRuleProblems({ kind: 'nth_item', nth: 2.5, percentOff: 0 })).toEqual([
        'rule.nth must be a whole number, 2 or more',
        'rule.percentOff must be a whole percent from 1 to 100',
      ]);
    });
  });

  describe('member_price', () => {
    it('needs exactly one of percentOff and unitPriceMinor per level', () => {
      expect(members([{ levelId: 'gold', percentOff: 10, unitPriceMinor: 9000 }])).toEqual([
        'rule.levels[0] must set exactly one of percentOff and unitPriceMinor',
      ]);
      expect(members([{ levelId: 'gold' }])).toEqual(['rule.levels[0] must set exactly one of percentOff and unitPriceMinor']);
      expect(members([{ levelId: 'gold', percentOff: 0 }])).toEqual(['rule.levels[0].percentOff must be a whole percent from 1 to 100']);
      expect(members([{ levelId: 'gold', unitPriceMinor: 1.5 }])).toEqual([
        'rule.levels[0].unitPriceMinor must be a whole number of minor units, 0 or more',
      ]);
    });

    it('refuses empty level lists, blank or repeated level ids and unknown keys', () => {
      expect(members([])).toEqual(['rule.levels must be a non-empty array']);
      expect(members(['gold'])).toEqual(['rule.levels[0] must be an object']);
      expect(members([{ levelId: ' ', percentOff: 10 }])).toEqual(['rule.levels[0].levelId must be a non-empty string']);
      expect(members([{ levelId: 'gold', percentOff: 10 }, { levelId: 'gold', unitPriceMinor: 100 }])).toEqual([
        'rule.levels[1].levelId duplicates rule.levels[0].levelId (gold)',
      ]);
      expect(members([{ levelId: 'gold', percentOff: 10, discount: 5 }])).toEqual([
        'rule.levels[0].discount is not a field of member levels',
      ]);
    });
  });
});

describe('couponRuleProblems', () => {
  it('accepts valid fixed and percent rules', () => {
    expect(couponRuleProblems({ kind: 'fixed', offMinor: 2000, minSpendMinor: 10000, stacksWithActivities: true })).toEqual([]);
    expect(
      couponRuleProblems({ kind: 'fixed', offMinor: 1, percentOff: null, maxOffMinor: null, minSpendMinor: 0, stacksWithActivities: false }),
    ).toEqual([]);
    expect(couponRuleProblems({ kind: 'percent', percentOff: 10, maxOffMinor: 2000, minSpendMinor: 0, stacksWithActivities: false })).toEqual([]);
    expect(couponRuleProblems({ kind: 'percent', percentOff: 100, maxOffMinor: null, minSpendMinor: 0, stacksWithActivities: true })).toEqual([]);
    expect(couponRuleProblems({ kind: 'percent', percentOff: 1, minSpendMinor: 0, stacksWithActivities: true })).toEqual([]);
  });

  it('refuses what is not a coupon rule', () => {
    expect(couponRuleProblems(null)).toEqual(['rule must be an object']);
    expect(couponRuleProblems([])).toEqual(['rule must be an object']);
    expect(couponRuleProblems({ kind: 'bogo', minSpendMinor: 0, stacksWithActivities: true })).toEqual(['rule.kind must be fixed or percent']);
    expect(couponRuleProblems({ kind: 'fixed', offMinor: 100, minSpendMinor: 0, stacksWithActivities: true, code: 'X' })).toEqual([
      'rule.code is not a field of coupon rules',
    ]);
  });

  it('refuses a fixed coupon without a whole positive amount, or with percent fields', () => {
    const base = { kind: 'fixed', minSpendMinor: 0, stacksWithActivities: true };
    expect(couponRuleProblems(base)).toEqual(['rule.offMinor is required']);
    expect(couponRuleProblems({ ...base, offMinor: 0 })).toEqual(['rule.offMinor must be a whole number of minor units, 1 or more']);
    expect(couponRuleProblems({ ...base, offMinor: 9.99 })).toEqual(['rule.offMinor must be a whole number of minor units, 1 or more']);
    expect(couponRuleProblems({ ...base, offMinor: 100, percentOff: 10, maxOffMinor: 50 })).toEqual([
      'rule.percentOff applies only to percent coupons',
      'rule.maxOffMinor applies only to percent coupons',
    ]);
  });

  it('refuses a percent coupon outside 1..100, a bad cap, or a fixed amount', () => {
    const base = { kind: 'percent', minSpendMinor: 0, stacksWithActivities: true };
    expect(couponRuleProblems(base)).toEqual(['rule.percentOff is required']);
    for (const percentOff of [0, 150, 33.3, '10']) {
      expect(couponRuleProblems({ ...base, percentOff })).toEqual(['rule.percentOff must be a whole percent from 1 to 100']);
    }
    expect(couponRuleProblems({ ...base, percentOff: 10, maxOffMinor: 0 })).toEqual([
      'rule.maxOffMinor must be a whole number of minor units, 1 or more, or null for no cap',
    ]);
    expect(couponRuleProblems({ ...base, percentOff: 10, offMinor: 500 })).toEqual(['rule.offMinor applies only to fixed coupons']);
  });

  it('refuses a missing or bad minimum spend and a non-boolean stacking flag', () => {
    expect(couponRuleProblems({ kind: 'fixed', offMinor: 100 })).toEqual([
      'rule.minSpendMinor is required',
      'rule.stacksWithActivities must be true or false',
    ]);
    expect(couponRuleProblems({ kind: 'fixed', offMinor: 100, minSpendMinor: -1, stacksWithActivities: 'yes' })).toEqual([
      'rule.minSpendMinor must be a whole number of minor units, 0 or more',
      'rule.stacksWithActivities must be true or false',
    ]);
    expect(couponRuleProblems({ kind: 'fixed', offMinor: 100, minSpendMinor: 99.5, stacksWithActivities: true })).toEqual([
      'rule.minSpendMinor must be a whole number of minor units, 0 or more',
    ]);
  });
});

describe('scopeProblems', () => {
  it('accepts empty lists (all goods) and lists of ids', () => {
    expect(scopeProblems({ goodsIds: [], categoryIds: [] })).toEqual([]);
    expect(scopeProblems({ goodsIds: ['g1', 'g2'], categoryIds: ['c1'] })).toEqual([]);
  });

  it('refuses missing lists, blank or repeated ids, and unknown keys', () => {
    expect(scopeProblems(null)).toEqual(['scope must be an object']);
    expect(scopeProblems(['g1'])).toEqual(['scope must be an object']);
    expect(scopeProblems({ goodsIds: [] })).toEqual(['scope.categoryIds must be an array of ids (empty for all)']);
    expect(scopeProblems({ goodsIds: 'g1', categoryIds: [] })).toEqual(['scope.goodsIds must be an array of ids (empty for all)']);
    expect(scopeProblems({ goodsIds: ['g1', 'g1', ''], categoryIds: [3] })).toEqual([
      'scope.goodsIds[1] repeats scope.goodsIds[0]',
      'scope.goodsIds[2] must be a non-empty string',
      'scope.categoryIds[0] must be a non-empty string',
    ]);
    expect(scopeProblems({ goodsIds: [], categoryIds: [], all: true })).toEqual(['scope.all is not a field of scopes']);
  });
});
