import type { CartLine, Scope } from './pricing-types';

/** What an activity and a coupon share for the liveness check. */
export interface Windowed {
  active: boolean;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Why a rule is not live at `at`, or null when it is: it must be active and `startsAt <= at < endsAt`
 * (the start inclusive, the end exclusive).
 */
export function notLiveReason(rule: Windowed, at: Date): string | null {
  if (!rule.active) return 'inactive';
  if (at.getTime() < rule.startsAt.getTime()) return 'not started';
  if (at.getTime() >= rule.endsAt.getTime()) return 'ended';
  return null;
}

/** Empty lists mean all goods; otherwise the line's goods or its category must be listed. */
export function scopeMatches(scope: Scope, line: Pick<CartLine, 'goodsId' | 'categoryId'>): boolean {
  if (scope.goodsIds.length === 0 && scope.categoryIds.length === 0) return true;
  if (scope.goodsIds.includes(line.goodsId)) return true;
  return line.categoryId !== null && scope.categoryIds.includes(line.categoryId);
}

/** Deterministic id order (code units, not locale-dependent). */
export function compareIds(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
