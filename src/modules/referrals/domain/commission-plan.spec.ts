import { commissionOf, planCommissions, rateProblems, UplineMember } from './commission-plan';

const upline = (...ids: string[]): UplineMember[] => ids.map((memberId) => ({ memberId, rank: null }));

describe('commission plan', () => {
  it('pays level 1 and level 2 their default rates, rounded down to the minor unit', () => {
    // 99.99 paid; 10% = 9.999 → 9.99; 5% = 4.9995 → 4.99
    const plan = planCommissions({ amountPaidMinor: 9_999, levels: 2, defaultRateBps: [1000, 500], goodsRateBps: null, upline: upline('A', 'B', 'C') });
    expect(plan).toEqual([
      { level: 1, beneficiaryId: 'A', rateBps: 1000, rateSource: 'default', rankId: null, amountMinor: 999 },
      { level: 2, beneficiaryId: 'B', rateBps: 500, rateSource: 'default', rankId: null, amountMinor: 499 },
    ]);
  });

  it('stops at the configured number of levels, and at the top of the tree', () => {
    const three = planCommissions({ amountPaidMinor: 10_000, levels: 3, defaultRateBps: [1000, 500, 200], goodsRateBps: null, upline: upline('A', 'B', 'C', 'D') });
    expect(three.map((c) => [c.beneficiaryId, c.amountMinor])).toEqual([['A', 1000], ['B', 500], ['C', 200]]);
    const short = planCommissions({ amountPaidMinor: 10_000, levels: 3, defaultRateBps: [1000, 500, 200], goodsRateBps: null, upline: upline('A') });
    expect(short.map((c) => c.beneficiaryId)).toEqual(['A']);
    expect(planCommissions({ amountPaidMinor: 10_000, levels: 2, defaultRateBps: [1000, 500], goodsRateBps: null, upline: [] })).toEqual([]);
  });

  it('refuses more than three levels', () => {
    expect(() => planCommissions({ amountPaidMinor: 100, levels: 4, defaultRateBps: [1, 1, 1, 1], goodsRateBps: null, upline: upline('A') })).toThrow(RangeError);
  });

  it('uses the goods rates where given, the default for the other levels', () => {
    const plan = planCommissions({ amountPaidMinor: 20_000, levels: 2, defaultRateBps: [1000, 500], goodsRateBps: [300], upline: upline('A', 'B') });
    expect(plan.map((c) => [c.rateSource, c.rateBps, c.amountMinor])).toEqual([['goods', 300, 600], ['default', 500, 1000]]);
  });

  it('gives a ranked member the rank rate only when it is higher', () => {
    const ranked: UplineMember[] = [
      { memberId: 'A', rank: { rankId: 'gold', rateBpsByLevel: [1500, 400] } },
      { memberId: 'B', rank: { rankId: 'gold', rateBpsByLevel: [1500, 400] } },
    ];
    const plan = planCommissions({ amountPaidMinor: 10_001, levels: 2, defaultRateBps: [1000, 500], goodsRateBps: null, upline: ranked });
    // level 1: rank 15% beats 10% → floor(1500.15) = 1500; level 2: rank 4% < 5% → default 500.05 → 500
    expect(plan.map((c) => [c.rateSource, c.rankId, c.rateBps, c.amountMinor])).toEqual([
      ['rank', 'gold', 1500, 1500],
      ['default', null, 500, 500],
    ]);
  });

  it('compares the rank with the goods rate when the goods item has one', () => {
    const plan = planCommissions({
      amountPaidMinor: 10_000,
      levels: 1,
      defaultRateBps: [1000],
      goodsRateBps: [2000],
      upline: [{ memberId: 'A', rank: { rankId: 'gold', rateBpsByLevel: [1500] } }],
    });
    expect(plan[0]).toMatchObject({ rateSource: 'goods', rateBps: 2000, amountMinor: 2000 });
  });

  it('leaves out levels that earn nothing (zero rate, or a sale too small to round to a minor unit)', () => {
    expect(planCommissions({ amountPaidMinor: 10_000, levels: 2, defaultRateBps: [0, 500], goodsRateBps: null, upline: upline('A', 'B') }).map((c) => c.level)).toEqual([2]);
    expect(planCommissions({ amountPaidMinor: 9, levels: 2, defaultRateBps: [1000, 500], goodsRateBps: null, upline: upline('A', 'B') })).toEqual([]);
    expect(planCommissions({ amountPaidMinor: 0, levels: 2, defaultRateBps: [1000, 500], goodsRateBps: null, upline: upline('A', 'B') })).toEqual([]);
  });

  it('never pays out more than the sale, whatever the ranks say', () => {
    const greedy: UplineMember[] = ['A', 'B', 'C'].map((memberId) => ({ memberId, rank: { rankId: 'r', rateBpsByLevel: [6000, 6000, 6000] } }));
    const plan = planCommissions({ amountPaidMinor: 1_000, levels: 3, defaultRateBps: [0, 0, 0], goodsRateBps: null, upline: greedy });
    expect(plan.map((c) => c.amountMinor)).toEqual([600, 400]);
  });

  it('is exact for amounts far beyond 2^53 / 10000', () => {
    expect(commissionOf(9_007_199_254_740_991, 9_999)).toBe(9_006_298_534_815_516);
  });

  it('checks rate lists', () => {
    expect(rateProblems([1000, 500])).toEqual([]);
    expect(rateProblems([1000, 500], 2)).toEqual([]);
    expect(rateProblems([1000], 2)).toHaveLength(1);
    expect(rateProblems([1, 1, 1, 1])).not.toEqual([]);
    expect(rateProblems([])).not.toEqual([]);
    expect(rateProblems([-1])).not.toEqual([]);
    expect(rateProblems([10.5])).not.toEqual([]);
    expect(rateProblems([6000, 5000])).toEqual(['the rates together exceed 10000 basis points (100% of the sale)']);
  });
});
