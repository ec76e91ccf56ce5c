import { assignVariant, BucketRange, chooseVariation, getBucketRanges, getEqualWeights, hash } from './bucketing';

/*
 * Golden vectors: copied verbatim from GrowthBook's cross-SDK test cases,
 * growthbook/growthbook packages/sdk-js/test/cases.json (specVersion 0.5.4, commit 021bf498f75c8491c156184ca1b3a1fbafa1d64e),
 * sections "hash", "getBucketRange", "chooseVariation", and assignments from "run", "feature" and
 * "stickyBucket" (the visitor id is the case's hash attribute).
 */

describe('hash (cases.json "hash": [seed, value, version, expected])', () => {
  const cases: Array<[string, string, number, number | null]> = [
    ['', 'a', 1, 0.22],
    ['', 'b', 1, 0.077],
    ['b', 'a', 1, 0.946],
    ['ef', 'd', 1, 0.652],
    ['asdf', '8952klfjas09ujk', 1, 0.549],
    ['', '123', 1, 0.011],
    ['', '___)((*":&', 1, 0.563],
    ['seed', 'a', 2, 0.0505],
    ['seed', 'b', 2, 0.2696],
    ['foo', 'ab', 2, 0.2575],
    ['foo', 'def', 2, 0.2019],
    ['89123klj', '8952klfjas09ujkasdf', 2, 0.124],
    ['90850943850283058242805', '123', 2, 0.7516],
    ['()**(%$##$%#$#', '___)((*":&', 2, 0.0128],
    ['abc', 'def', 99, null],
  ];
  it.each(cases)('hash(%j, %j, v%d) = %p', (seed, value, version, expected) => {
    expect(hash(seed, value, version)).toBe(expected);
  });
});

describe('getBucketRanges (cases.json "getBucketRange": [name, [numVariations, coverage, weights], ranges])', () => {
  const cases: Array<[string, number, number, number[] | null, Array<[number, number]>]> = [
    ['normal 50/50', 2, 1, null, [[0, 0.5], [0.5, 1]]],
    ['reduced coverage', 2, 0.5, null, [[0, 0.25], [0.5, 0.75]]],
    ['zero coverage', 2, 0, null, [[0, 0], [0.5, 0.5]]],
    ['4 variations', 4, 1, null, [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
    ['uneven weights', 2, 1, [0.4, 0.6], [[0, 0.4], [0.4, 1]]],
    ['uneven weights, 3 variations', 3, 1, [0.2, 0.3, 0.5], [[0, 0.2], [0.2, 0.5], [0.5, 1]]],
    ['uneven weights, reduced coverage, 3 variations', 3, 0.2, [0.2, 0.3, 0.5], [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]],
    ['negative coverage', 2, -0.2, null, [[0, 0], [0.5, 0.5]]],
    ['coverage above 1', 2, 1.5, null, [[0, 0.5], [0.5, 1]]],
    ['weights sum below 1', 2, 1, [0.4, 0.1], [[0, 0.5], [0.5, 1]]],
    ['weights sum above 1', 2, 1, [0.7, 0.6], [[0, 0.5], [0.5, 1]]],
    ['weights.length not equal to num variations', 4, 1, [0.4, 0.4, 0.2], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
    ['weights sum almost equals 1', 2, 1, [0.4, 0.5999], [[0, 0.4], [0.4, 0.9999]]],
  ];
  it.each(cases)('%s', (_name, numVariations, coverage, weights, expected) => {
    const ranges = getBucketRanges(numVariations, coverage, weights);
    expect(ranges).toHaveLength(expected.length);
    // GrowthBook's own runner rounds to 6 decimals: 0.2 * 0.2 is 0.04000000000000001 in binary.
    ranges.forEach(([start, end], i) => {
      expect(start).toBeCloseTo(expected[i][0], 6);
      expect(end).toBeCloseTo(expected[i][1], 6);
    });
  });

  it('treats a missing coverage as 1', () => {
    expect(getBucketRanges(2, undefined)).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
  });

  it('getEqualWeights (cases.json "getEqualWeights")', () => {
    expect(getEqualWeights(-1)).toEqual([]);
    expect(getEqualWeights(0)).toEqual([]);
    expect(getEqualWeights(1)).toEqual([1]);
    expect(getEqualWeights(2)).toEqual([0.5, 0.5]);
    getEqualWeights(3).forEach((w) => expect(w).toBeCloseTo(0.33333333, 8));
  });
});

describe('chooseVariation (cases.json "chooseVariation": [name, n, ranges, expected])', () => {
  const even: BucketRange[] = [
    [0, 0.5],
    [0.5, 1],
  ];
  const reduced: BucketRange[] = [
    [0, 0.25],
    [0.5, 0.75],
  ];
  const cases: Array<[string, number, BucketRange[], number]> = [
    ['even range, 0.2', 0.2, even, 0],
    ['even range, 0.4', 0.4, even, 0],
    ['even range, 0.6', 0.6, even, 1],
    ['even range, 0.8', 0.8, even, 1],
    ['even range, 0', 0, even, 0],
    ['even range, 0.5', 0.5, even, 1],
    ['reduced range, 0.2', 0.2, reduced, 0],
    ['reduced range, 0.4', 0.4, reduced, -1],
    ['reduced range, 0.6', 0.6, reduced, 1],
    ['reduced range, 0.8', 0.8, reduced, -1],
    ['reduced range, 0.25', 0.25, reduced, -1],
    ['reduced range, 0.5', 0.5, reduced, 1],
    ['zero range', 0.5, [[0, 0.5], [0.5, 0.5], [0.5, 1]], 2],
  ];
  it.each(cases)('%s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });
});

describe('assignVariant', () => {
  describe('end to end against GrowthBook experiment runs (cases.json "run", hash version 1, key "my-test")', () => {
    const ids = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    const run = (weights: number[], coverage: number): Array<number | null> =>
      ids.map((visitorId) => assignVariant({ experimentKey: 'my-test', visitorId, weights, coverage, hashVersion: 1 }));

    it('"default weights - 1..9"', () => {
      expect(run([0.5, 0.5], 1)).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 0]);
    });
    it('"uneven weights - 1..9" (0.1 / 0.9)', () => {
      expect(run([0.1, 0.9], 1)).toEqual([1, 1, 0, 1, 1, 1, 0, 1, 1]);
    });
    it('"coverage - 1..9" (coverage 0.4; null = not in experiment)', () => {
      expect(run([0.5, 0.5], 0.4)).toEqual([null, 0, 0, null, 1, null, 0, 1, null]);
    });
    it('"three way test - 1..9"', () => {
      expect(run([1 / 3, 1 / 3, 1 / 3], 1)).toEqual([2, 0, 0, 2, 1, 2, 0, 1, 0]);
    });
    it('"test name - my-test-3"', () => {
      expect(assignVariant({ experimentKey: 'my-test-3', visitorId: '1', weights: [1, 1], coverage: 1, hashVersion: 1 })).toBe(0);
    });
    it('"empty id": a visitor without id is not bucketed', () => {
      expect(assignVariant({ experimentKey: 'my-test', visitorId: '', weights: [1, 1], coverage: 1, hashVersion: 1 })).toBeNull();
    });
    it('"Experiment coverage - Works when 0"', () => {
      expect(assignVariant({ experimentKey: 'no-coverage', visitorId: '1', weights: [1, 1], coverage: 0, hashVersion: 1 })).toBeNull();
    });
  });

  describe('with an explicit seed and hash version 2 (cases.json "run", "feature", "stickyBucket")', () => {
    it('"Uses seed with default weights/coverage" and "Uses seed with weights/coverage"', () => {
      const base = { experimentKey: 'key', seed: 'foo', visitorId: '1', hashVersion: 2 as const };
      expect(assignVariant({ ...base, weights: [0.5, 0.5], coverage: 1 })).toBe(1);
      expect(assignVariant({ ...base, weights: [0.5, 0.5], coverage: 0.99 })).toBe(1);
    });
    it('"creates experiments properly": seed "feature", id "123" → bucket 0.5231 → variation 1', () => {
      expect(hash('feature', '123', 2)).toBe(0.5231);
      expect(assignVariant({ experimentKey: 'hello', seed: 'feature', visitorId: '123', weights: [0.1, 0.9], coverage: 0.99 })).toBe(1);
    });
    it('"empty experiment rule - a/b/c": key "feature", three equal variations, hash version 1', () => {
      const assign = (visitorId: string): number | null =>
        assignVariant({ experimentKey: 'feature', visitorId, weights: [1, 1, 1], coverage: 1, hashVersion: 1 });
      expect([hash('feature', '123', 1), assign('123')]).toEqual([0.863, 2]);
      expect([hash('feature', '456', 1), assign('456')]).toEqual([0.178, 0]);
      expect([hash('feature', 'fds', 1), assign('fds')]).toEqual([0.514, 1]);
    });
    it('"performs evaluation without sticky bucket" and "resets sticky bucketing…": seed "feature-exp"', () => {
      const assign = (visitorId: string): number | null =>
        assignVariant({ experimentKey: 'feature-exp', seed: 'feature-exp', visitorId, weights: [0.3334, 0.3333, 0.3333], coverage: 1 });
      expect([hash('feature-exp', 'd123', 2), assign('d123')]).toEqual([0.6468, 1]);
      expect([hash('feature-exp', 'i123', 2), assign('i123')]).toEqual([0.9943, 2]);
    });
  });

  it('defaults to hash version 2 and to the experiment key as seed', () => {
    const explicit = assignVariant({ experimentKey: 'key', seed: 'key', visitorId: '1', weights: [1, 1], coverage: 1, hashVersion: 2 });
    expect(assignVariant({ experimentKey: 'key', visitorId: '1', weights: [1, 1], coverage: 1 })).toBe(explicit);
    expect(assignVariant({ experimentKey: 'foo', visitorId: '1', weights: [1, 1], coverage: 1 })).toBe(1); // seed "foo" case above
  });

  it('gives the same visitor the same variant on every call and for any property order', () => {
    for (let i = 0; i < 500; i++) {
      const visitorId = `visitor-${i}`;
      const first = assignVariant({ experimentKey: 'checkout-banner', visitorId, weights: [20, 30, 50], coverage: 0.8 });
      for (let repeat = 0; repeat < 3; repeat++) {
        expect(assignVariant({ experimentKey: 'checkout-banner', visitorId, weights: [20, 30, 50], coverage: 0.8 })).toBe(first);
      }
      expect(assignVariant({ coverage: 0.8, weights: [20, 30, 50], visitorId, experimentKey: 'checkout-banner' })).toBe(first);
      expect(assignVariant({ hashVersion: 2, visitorId, coverage: 0.8, experimentKey: 'checkout-banner', weights: [20, 30, 50] })).toBe(first);
    }
  });

  it('treats relative weights as shares: [50, 50], [1, 1] and [0.5, 0.5] assign identically', () => {
    for (let i = 0; i < 1000; i++) {
      const visitorId = `visitor-${i}`;
      const half = assignVariant({ experimentKey: 'x', visitorId, weights: [0.5, 0.5], coverage: 1 });
      expect(assignVariant({ experimentKey: 'x', visitorId, weights: [50, 50], coverage: 1 })).toBe(half);
      expect(assignVariant({ experimentKey: 'x', visitorId, weights: [1, 1], coverage: 1 })).toBe(half);
    }
  });

  it('never assigns a variant of weight 0', () => {
    for (let i = 0; i < 5000; i++) {
      expect(assignVariant({ experimentKey: 'x', visitorId: `visitor-${i}`, weights: [1, 0, 1], coverage: 1 })).not.toBe(1);
    }
  });

  it('returns null for an unknown hash version', () => {
    const input = { experimentKey: 'x', visitorId: '1', weights: [1, 1], coverage: 1, hashVersion: 3 as unknown as 2 };
    expect(assignVariant(input)).toBeNull();
  });

  it('rejects weights no experiment can have', () => {
    const base = { experimentKey: 'x', visitorId: '1', coverage: 1 };
    expect(() => assignVariant({ ...base, weights: [] })).toThrow(RangeError);
    expect(() => assignVariant({ ...base, weights: [0, 0] })).toThrow(RangeError);
    expect(() => assignVariant({ ...base, weights: [1, -1, 1] })).toThrow(RangeError);
    expect(() => assignVariant({ ...base, weights: [1, NaN] })).toThrow(RangeError);
  });

  describe('split over 100,000 visitors', () => {
    const VISITORS = 100_000;
    /** Share of visitors per variant, plus the share outside the experiment. */
    function split(weights: number[], coverage: number): { shares: number[]; excluded: number } {
      const counts = new Array<number>(weights.length).fill(0);
      let excluded = 0;
      for (let i = 0; i < VISITORS; i++) {
        const variant = assignVariant({ experimentKey: 'split-test', visitorId: `visitor-${i}`, weights, coverage });
        if (variant === null) excluded++;
        else counts[variant]++;
      }
      const included = VISITORS - excluded;
      return { shares: counts.map((c) => c / included), excluded: excluded / VISITORS };
    }
    const ONE_POINT = 0.01;

    it('50/50', () => {
      const { shares, excluded } = split([50, 50], 1);
      expect(excluded).toBe(0);
      shares.forEach((share) => expect(Math.abs(share - 0.5)).toBeLessThan(ONE_POINT));
    });

    it('20/30/50', () => {
      const { shares, excluded } = split([20, 30, 50], 1);
      expect(excluded).toBe(0);
      [0.2, 0.3, 0.5].forEach((weight, i) => expect(Math.abs(shares[i] - weight)).toBeLessThan(ONE_POINT));
    });

    it('coverage 0.5 excludes about half and splits the rest by weight', () => {
      const { shares, excluded } = split([50, 50], 0.5);
      expect(Math.abs(excluded - 0.5)).toBeLessThan(ONE_POINT);
      shares.forEach((share) => expect(Math.abs(share - 0.5)).toBeLessThan(ONE_POINT));
    });
  });
});
