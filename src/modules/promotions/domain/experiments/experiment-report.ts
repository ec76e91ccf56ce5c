/**
 * Turns per-variant totals into the report marketing reads: conversion, revenue per visitor, uplift
 * against control with its p-value, and a sample ratio mismatch (SRM) check.
 *
 * Pure and deterministic: the same totals always give the same report (no clock, no randomness), so the
 * report can be recomputed at any time from stored totals.
 */
import { chiSquareSrm, twoProportionZTest } from './statistics';

export interface VariantTotals {
  key: string;
  name: string;
  /** Configured weight of the current phase (relative; need not sum to 1). */
  weight: number;
  /** Visitors assigned to the variant in the current phase. */
  visitors: number;
  /** Visitors of the variant who ordered at least once (converting visitors, not orders). */
  orders: number;
  /** Revenue of those orders, integer minor units of one currency. */
  revenueMinor: number;
}

export interface ExperimentReportInput {
  variants: readonly VariantTotals[];
  controlKey: string;
  /** Significance level of each variant-vs-control test (no correction for several variants). */
  alpha?: number;
  /**
   * SRM alarm level. Deliberately far stricter than alpha: the check runs on every report refresh, and
   * a false "your experiment is broken" alarm is expensive; a real mismatch quickly drives p far lower.
   */
  srmThreshold?: number;
}

export interface VariantReport {
  key: string;
  name: string;
  isControl: boolean;
  visitors: number;
  orders: number;
  /** orders / visitors; null without visitors. */
  conversionRate: number | null;
  /** revenueMinor / visitors rounded to 2 decimals (still minor units); null without visitors. */
  revenuePerVisitorMinor: number | null;
  /** Relative conversion uplift against control (0.2 = +20 %); null for control or a control rate of 0. */
  upliftVsControl: number | null;
  /** Two-sided p-value against control; null for control or when a group has no visitors. */
  pValue: number | null;
  /** pValue < alpha (never for control). */
  significant: boolean;
}

export interface SrmCheck {
  /** null while no visitor has been counted. */
  pValue: number | null;
  /** The split differs from the weights beyond chance: the assignment or the tracking is broken. */
  mismatch: boolean;
}

export interface ExperimentReport {
  variants: VariantReport[];
  srm: SrmCheck;
}

export function experimentReport(input: ExperimentReportInput): ExperimentReport {
  const { variants, controlKey } = input;
  const alpha = input.alpha ?? 0.05;
  const srmThreshold = input.srmThreshold ?? 0.001;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  if (!(srmThreshold > 0 && srmThreshold < 1)) {
    throw new RangeError(`srmThreshold must be between 0 and 1, got ${srmThreshold}`);
  }
  const keys = new Set(variants.map((v) => v.key));
  if (keys.size !== variants.length) throw new RangeError('variant keys must be unique');
  const control = variants.find((v) => v.key === controlKey);
  if (!control) throw new RangeError(`control variant "${controlKey}" is not among the variants`);

  const controlCounts = { visitors: control.visitors, conversions: control.orders };
  const reports = variants.map((variant): VariantReport => {
    const isControl = variant.key === controlKey;
    const test = isControl
      ? null
      : twoProportionZTest(controlCounts, { visitors: variant.visitors, conversions: variant.orders });
    const pValue = test?.pValue ?? null;
    return {
      key: variant.key,
      name: variant.name,
      isControl,
      visitors: variant.visitors,
      orders: variant.orders,
      conversionRate: variant.visitors > 0 ? variant.orders / variant.visitors : null,
      revenuePerVisitorMinor: variant.visitors > 0 ? roundTo2Decimals(variant.revenueMinor / variant.visitors) : null,
      upliftVsControl: test?.relativeUplift ?? null,
      pValue,
      significant: pValue !== null && pValue < alpha,
    };
  });

  return { variants: reports, srm: srmCheck(variants, srmThreshold) };
}

function srmCheck(variants: readonly VariantTotals[], srmThreshold: number): SrmCheck {
  const totalVisitors = variants.reduce((sum, v) => sum + v.visitors, 0);
  if (totalVisitors === 0) return { pValue: null, mismatch: false };
  const { pValue } = chiSquareSrm(
    variants.map((v) => v.visitors),
    variants.map((v) => v.weight),
  );
  return { pValue, mismatch: pValue < srmThreshold };
}

/** Half-up to 2 decimals; amounts are per-visitor averages of minor units, so 2 decimals is display precision. */
function roundTo2Decimals(value: number): number {
  return Math.round(value * 100) / 100;
}
