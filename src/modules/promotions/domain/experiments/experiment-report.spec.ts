import { assignVariant } from './bucketing';
import { experimentReport, VariantTotals } from './experiment-report';
import { mulberry32, simulateConversions } from './simulation.test-helpers';

const ALPHA = 0.05;

/** Totals of a simulated A/B test: `visitors` per arm, each converting independently at its true rate. */
function simulateAb(seed: number, controlRate: number, variantRate: number, visitors = 20_000): VariantTotals[] {
  const random = mulberry32(seed);
  const arm = (key: string, name: string, rate: number): VariantTotals => {
    const orders = simulateConversions(random, visitors, rate);
    return { key, name, weight: 50, visitors, orders, revenueMinor: orders * 2_500 };
  };
  return [arm('control', 'Control', controlRate), arm('b', 'Free gift', variantRate)];
}

describe('experimentReport', () => {
  it('computes the per-variant figures', () => {
    const report = experimentReport({
      controlKey: 'a',
      variants: [
        { key: 'a', name: 'Control', weight: 1, visitors: 10_000, orders: 500, revenueMinor: 1_234_567 },
        { key: 'b', name: 'Banner', weight: 1, visitors: 10_000, orders: 600, revenueMinor: 1_500_001 },
        { key: 'c', name: 'Empty', weight: 0, visitors: 0, orders: 0, revenueMinor: 0 },
      ],
    });
    const [a, b, c] = report.variants;
    expect(a).toEqual({
      key: 'a',
      name: 'Control',
      isControl: true,
      visitors: 10_000,
      orders: 500,
      conversionRate: 0.05,
      revenuePerVisitorMinor: 123.46, // 123.4567 rounded
      upliftVsControl: null,
      pValue: null,
      significant: false,
    });
    expect(b.conversionRate).toBe(0.06);
    expect(b.revenuePerVisitorMinor).toBe(150);
    expect(b.upliftVsControl).toBeCloseTo(0.2, 12);
    expect(b.pValue).toBeCloseTo(0.0019247, 6);
    expect(b.significant).toBe(true);
    expect(c).toMatchObject({ conversionRate: null, revenuePerVisitorMinor: null, pValue: null, significant: false });
    expect(report.srm.mismatch).toBe(false);
  });

  it('is deterministic', () => {
    const input = { controlKey: 'control', variants: simulateAb(7, 0.05, 0.055) };
    expect(experimentReport(input)).toEqual(experimentReport(input));
  });

  it('respects alpha', () => {
    const variants = simulateAb(3, 0.05, 0.05);
    const loose = experimentReport({ controlKey: 'control', variants, alpha: 0.999 });
    expect(loose.variants[1].significant).toBe(loose.variants[1].pValue! < 0.999);
    expect(experimentReport({ controlKey: 'control', variants, alpha: 1e-12 }).variants[1].significant).toBe(false);
  });

  describe('seeded simulations (mulberry32)', () => {
    it('finds a true 6 % vs 5 % difference with 20,000 visitors per arm', () => {
      const report = experimentReport({ controlKey: 'control', variants: simulateAb(20240601, 0.05, 0.06) });
      const variant = report.variants[1];
      expect(variant.significant).toBe(true);
      expect(variant.pValue).toBeLessThan(0.001);
      expect(variant.upliftVsControl).toBeGreaterThan(0.1); // true uplift +20 %
      expect(variant.upliftVsControl).toBeLessThan(0.3);
      expect(report.srm.mismatch).toBe(false);
    });

    it('does not call an A/A test (5 % vs 5 %) significant', () => {
      const variant = experimentReport({ controlKey: 'control', variants: simulateAb(20240601, 0.05, 0.05) }).variants[1];
      expect(variant.significant).toBe(false);
      expect(variant.pValue).toBeGreaterThan(ALPHA);
    });

    it('has a false-positive share near alpha over 200 A/A tests', () => {
      let falsePositives = 0;
      for (let seed = 1; seed <= 200; seed++) {
        const variant = experimentReport({ controlKey: 'control', variants: simulateAb(seed, 0.05, 0.05) }).variants[1];
        if (variant.significant) falsePositives++;
      }
      const share = falsePositives / 200;
      expect(share).toBeGreaterThanOrEqual(0.01);
      expect(share).toBeLessThanOrEqual(0.1);
    });
  });

  describe('sample ratio mismatch', () => {
    const totals = (controlVisitors: number, variantVisitors: number): VariantTotals[] => [
      { key: 'control', name: 'Control', weight: 50, visitors: controlVisitors, orders: 0, revenueMinor: 0 },
      { key: 'b', name: 'B', weight: 50, visitors: variantVisitors, orders: 0, revenueMinor: 0 },
    ];

    it('flags 10,000 vs 10,600 in a 50/50 experiment', () => {
      const { srm } = experimentReport({ controlKey: 'control', variants: totals(10_000, 10_600) });
      expect(srm.mismatch).toBe(true);
      expect(srm.pValue).toBeLessThan(0.001);
    });

    it('does not flag 10,000 vs 10,050', () => {
      const { srm } = experimentReport({ controlKey: 'control', variants: totals(10_000, 10_050) });
      expect(srm.mismatch).toBe(false);
      expect(srm.pValue).toBeGreaterThan(0.5);
    });

    it('has no p-value before the first visitor', () => {
      expect(experimentReport({ controlKey: 'control', variants: totals(0, 0) }).srm).toEqual({ pValue: null, mismatch: false });
    });

    it('does not flag visitors bucketed by assignVariant (end to end, 20/30/50)', () => {
      const weights = [20, 30, 50];
      const visitors = [0, 0, 0];
      for (let i = 0; i < 50_000; i++) {
        const variant = assignVariant({ experimentKey: 'srm-e2e', visitorId: `visitor-${i}`, weights, coverage: 1 });
        if (variant !== null) visitors[variant]++;
      }
      const report = experimentReport({
        controlKey: 'v0',
        variants: weights.map((weight, i) => ({ key: `v${i}`, name: `V${i}`, weight, visitors: visitors[i], orders: 0, revenueMinor: 0 })),
      });
      expect(report.srm.mismatch).toBe(false);
    });
  });

  it('rejects an input it cannot report on', () => {
    const variants = simulateAb(1, 0.05, 0.05, 100);
    expect(() => experimentReport({ controlKey: 'missing', variants })).toThrow(/control variant/);
    expect(() => experimentReport({ controlKey: 'control', variants: [variants[0], variants[0]] })).toThrow(/unique/);
    expect(() => experimentReport({ controlKey: 'control', variants, alpha: 0 })).toThrow(RangeError);
    expect(() => experimentReport({ controlKey: 'control', variants, srmThreshold: 1 })).toThrow(RangeError);
  });
});
