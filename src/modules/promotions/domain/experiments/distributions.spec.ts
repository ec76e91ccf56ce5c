import { chiSquareSurvival, logGamma, normalCdf, regularizedGammaQ } from './distributions';

/* Reference values: standard tables, cross-checked with scipy.stats (norm.cdf, chi2.sf). */

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316300933],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [0.5, 0.6914624612740131],
    [-0.66291, 0.2536940983897399], // edge of the central approximation
    [0.7, 0.758036347776927],
    [2.5758293035489, 0.995],
    [3.2905267314919, 0.9995],
    [5.6, 0.9999999892824097],
  ])('Φ(%d) = %d', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(1e-13);
  });

  it.each([
    [-5, 2.866515718791933e-7],
    [-8, 6.22096057427174e-16],
    [-10, 7.61985302416047e-24],
    [-20, 2.7536241186061556e-89],
    [-37, 5.7255712225239266e-300],
  ])('keeps relative accuracy far in the lower tail: Φ(%d) = %d', (x, expected) => {
    expect(Math.abs(normalCdf(x) / expected - 1)).toBeLessThan(1e-12);
  });

  it('is symmetric, monotone and handles infinities', () => {
    for (let x = -8; x <= 8; x += 0.01) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      expect(normalCdf(x + 0.01)).toBeGreaterThanOrEqual(normalCdf(x));
    }
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('logGamma', () => {
  it('matches exact values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(2)).toBeCloseTo(0, 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
  });
});

describe('chiSquareSurvival', () => {
  it.each([
    // Critical values from any chi-square table.
    [3.841, 1, 0.050013683763956804],
    [3.841458820694124, 1, 0.05],
    [5.991, 2, 0.05001161502657909],
    [10.83, 1, 0.0009986863791802592],
    [10.827566170662733, 1, 0.001],
    [2, 1, 0.15729920705028105],
    [1, 4, 0.9097959895689501],
    [20, 10, 0.029252688076961124],
    [30, 9, 0.00043872177097947936],
    [0.001, 3, 0.9999915920809419],
  ])('P(χ² >= %d | df %d) = %d', (chiSquare, df, expected) => {
    expect(Math.abs(chiSquareSurvival(chiSquare, df) / expected - 1)).toBeLessThan(1e-9);
  });

  it('table values to the precision they are usually quoted', () => {
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(10.83, 1)).toBeCloseTo(0.001, 5);
  });

  it('stays accurate for tiny p-values (continued fraction, no 1 − P cancellation)', () => {
    expect(Math.abs(chiSquareSurvival(100, 5) / 5.285148360943219e-20 - 1)).toBeLessThan(1e-9);
  });

  it('agrees with the normal distribution for 1 degree of freedom: P(χ²₁ >= z²) = 2Φ(−z)', () => {
    for (const z of [0.1, 0.5, 1, 1.5, 1.96, 2.5, 3, 4, 5]) {
      expect(Math.abs(chiSquareSurvival(z * z, 1) / (2 * normalCdf(-z)) - 1)).toBeLessThan(1e-10);
    }
  });

  it('handles the edges', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
  });
});
