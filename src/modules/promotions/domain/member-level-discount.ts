import type { Activity } from './pricing/pricing-types';

/**
 * A member level's own discount, priced as a member-price activity on every goods: it competes with
 * the other unit-price activities of each line (flash sale, 阶梯, Nth item, configured member prices)
 * under the stacking policy, so a buyer gets the best one per line, never two.
 */
export function memberLevelDiscount(levelId: string | undefined, discountPercent: number | undefined): Activity | null {
  if (!levelId || !discountPercent || discountPercent <= 0) return null;
  return {
    id: `member-level:${levelId}`,
    name: 'Member discount',
    scope: { goodsIds: [], categoryIds: [] },
    rule: { kind: 'member_price', levels: [{ levelId, percentOff: Math.min(100, Math.round(discountPercent)) }] },
    startsAt: new Date(0),
    endsAt: new Date(8.64e15),
    active: true,
  };
}
