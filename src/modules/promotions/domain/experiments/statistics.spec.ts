import { chiSquareSrm, twoProportionZTest } from './statistics';

describe('twoProportionZTest', () => {
  it('computes z with the pooled standard error and a two-sided p-value', () => {
    // 500/10,000 vs 600/10,000: pooled rate 0.055, SE = sqrt(0.055·0.945·(2/10,000)) = 0.0032242...
    const result = twoProportionZTest({ visitors: 10_000, conversions: 500 }, { visitors: 10_000, conversions: 600 });
    const se = Math.sqrt(0.055 * 0.945 * (2 / 10_000));
    expect(result.z).toBeCloseTo(0.01 / se, 10);
    expect(result.z).toBeCloseTo(3.1016, 4);
    expect(result.pValue).toBeCloseTo(0.0019247, 6); // scipy: 2·norm.sf(3.10156...)
    expect(result.relativeUplift).toBeCloseTo(0.2, 12);
  });

  it('is symmetric: swapping the groups flips z, keeps p', () => {
    const a = { visitors: 4_000, conversions: 180 };
    const b = { visitors: 4_100, conversions: 230 };
    const ab = twoProportionZTest(a, b);
    const ba = twoProportionZTest(b, a);
    expect(ba.z).toBeCloseTo(-(ab.z as number), 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue as number, 12);
  });

  it('z near 1.96 gives p near 0.05', () => {
    // 1,000/20,000 vs 1,087/20,000; reference values from scipy (2·norm.sf(z)).
    const result = twoProportionZTest({ visitors: 20_000, conversions: 1_000 }, { visitors: 20_000, conversions: 1_087 });
    expect(result.z).toBeCloseTo(1.9561130404, 9);
    expect(result.pValue).toBeCloseTo(0.0504518393, 9);
  });

  it('identical rates: z 0, p 1', () => {
    const result = twoProportionZTest({ visitors: 1_000, conversions: 50 }, { visitors: 2_000, conversions: 100 });
    expect(result.z).toBeCloseTo(0, 12);
    expect(result.pValue).toBeCloseTo(1, 12);
    expect(result.relativeUplift).toBeCloseTo(0, 12);
  });

  it('no visitors in a group: no test', () => {
    expect(twoProportionZTest({ visitors: 0, conversions: 0 }, { visitors: 10, conversions: 1 })).toEqual({
      z: null,
      pValue: null,
      relativeUplift: null,
    });
    expect(twoProportionZTest({ visitors: 10, conversions: 1 }, { visitors: 0, conversions: 0 }).pValue).toBeNull();
  });

  it('control rate 0: uplift undefined, test still runs', () => {
    const result = twoProportionZTest({ visitors: 1_000, conversions: 0 }, { visitors: 1_000, conversions: 10 });
    expect(result.relativeUplift).toBeNull();
    expect(result.pValue).toBeLessThan(0.01);
  });

  it('nobody converted anywhere: no evidence, p 1', () => {
    expect(twoProportionZTest({ visitors: 100, conversions: 0 }, { visitors: 100, conversions: 0 })).toEqual({
      z: 0,
      pValue: 1,
      relativeUplift: null,
    });
  });

  it('rejects counts that are not a proportion', () => {
    expect(() => twoProportionZTest({ visitors: 10, conversions: 11 }, { visitors: 10, conversions: 1 })).toThrow(/not orders/);
    expect(() => twoProportionZTest({ visitors: -1, conversions: 0 }, { visitors: 10, conversions: 1 })).toThrow(RangeError);
    expect(() => twoProportionZTest({ visitors: 10, conversions: 1.5 }, { visitors: 10, conversions: 1 })).toThrow(RangeError);
  });
});

describe('chiSquareSrm', () => {
  it('a 50/50 split of 10,000 vs 10,600 is a mismatch', () => {
    // expected 10,300 each: χ² = 2·300²/10,300 = 17.476, df 1, p = 2.91e-5 (scipy chi2.sf)
    const result = chiSquareSrm([10_000, 10_600], [50, 50]);
    expect(result.chiSquare).toBeCloseTo(17.4757281553, 8);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeCloseTo(2.909992111576433e-5, 12);
  });

  it('a 50/50 split of 10,000 vs 10,050 is chance', () => {
    const result = chiSquareSrm([10_000, 10_050], [1, 1]);
    expect(result.chiSquare).toBeCloseTo(0.1246882793, 8);
    expect(result.pValue).toBeCloseTo(0.7240042702094154, 10);
  });

  it('uses the weights as shares', () => {
    // 20/30/50 of 10,000 exactly as expected.
    expect(chiSquareSrm([2_000, 3_000, 5_000], [0.2, 0.3, 0.5])).toEqual({ chiSquare: 0, degreesOfFreedom: 2, pValue: 1 });
    expect(chiSquareSrm([2_000, 3_000, 5_000], [20, 30, 50]).pValue).toBe(1);
  });

  it('weight 0: left out, unless it got visitors', () => {
    expect(chiSquareSrm([500, 0, 500], [1, 0, 1])).toEqual({ chiSquare: 0, degreesOfFreedom: 1, pValue: 1 });
    expect(chiSquareSrm([500, 3, 500], [1, 0, 1])).toEqual({ chiSquare: Infinity, degreesOfFreedom: 1, pValue: 0 });
  });

  it('no visitors: nothing to compare', () => {
    expect(chiSquareSrm([0, 0], [1, 1])).toEqual({ chiSquare: 0, degreesOfFreedom: 1, pValue: 1 });
  });

  it('rejects malformed input', () => {
    expect(() => chiSquareSrm([1, 2], [1])).toThrow(RangeError);
    expect(() => chiSquareSrm([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => chiSquareSrm([1, 2], [0, 0])).toThrow(RangeError);
  });
});
