import { scopeMatches } from './live-rules';
import type { CartLine, Scope } from './pricing-types';
import { assertMinorUnits } from './rounding';

/** A cart line as the engine works on it: its list total and what it costs after the stages so far. */
export interface WorkingLine {
  line: CartLine;
  listTotalMinor: number;
  /** The line's amount after the discounts applied so far (never below zero). */
  amountMinor: number;
  /** Won by a flash sale in stage 1: takes no other discount (no full reduction, no coupon). */
  flash: boolean;
}

/** Checks a cart line's numbers (integers, 0 or more, a safe total) and starts it at its list total. */
export function startLine(line: CartLine): WorkingLine {
  assertMinorUnits(line.quantity, `line ${line.lineId}: quantity`);
  assertMinorUnits(line.unitPriceMinor, `line ${line.lineId}: unitPriceMinor`);
  const listTotalMinor = line.quantity * line.unitPriceMinor;
  assertMinorUnits(listTotalMinor, `line ${line.lineId}: quantity × unitPriceMinor`);
  return { line, listTotalMinor, amountMinor: listTotalMinor, flash: false };
}

/** The lines with the given per-line discounts taken off (shares aligned with `indexes`). */
export function takeOff(lines: readonly WorkingLine[], indexes: readonly number[], shares: readonly number[]): WorkingLine[] {
  const next = lines.map((l) => ({ ...l }));
  indexes.forEach((lineIndex, i) => {
    next[lineIndex].amountMinor -= shares[i];
  });
  return next;
}

/** The indexes of the lines an order-level rule may discount: in scope and not won by a flash sale. */
export function eligibleLineIndexes(lines: readonly WorkingLine[], scope: Scope): number[] {
  const indexes: number[] = [];
  lines.forEach((working, i) => {
    if (!working.flash && scopeMatches(scope, working.line)) indexes.push(i);
  });
  return indexes;
}
