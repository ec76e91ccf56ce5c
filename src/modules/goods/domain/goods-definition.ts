import type { BuyerField, DeliveryType, DynamicDeliverySettings, WholesaleTier } from '../public/goods.contracts';
import { buyerFieldProblems } from './buyer-fields';
import { dynamicDeliveryProblems, EndpointPolicy } from './dynamic-delivery';
import type { RuleProblem } from './rule-problem';
import { wholesaleTierProblems } from './wholesale-tiers';

/** The rules-bearing part of a goods item, as it would be after a create or an edit. */
export interface GoodsDefinition {
  priceMinor: number;
  currency: string;
  deliveryType: DeliveryType;
  minPerOrder: number;
  maxPerOrder: number | null;
  wholesaleTiers: readonly WholesaleTier[];
  buyerFields: readonly BuyerField[];
  /** Required on dynamic goods, absent (null) on the others. */
  dynamicDelivery?: DynamicDeliverySettings | null;
}

/** Production: https only. */
const STRICT: EndpointPolicy = { allowLoopbackHttp: false };

export const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Every rule a goods definition must keep, checked on the whole definition (so an edit of one field
 * is checked against the others it does not change). An empty list means valid.
 */
export function goodsDefinitionProblems(goods: GoodsDefinition, policy: EndpointPolicy = STRICT): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!Number.isSafeInteger(goods.priceMinor) || goods.priceMinor < 0) {
    problems.push({ field: 'priceMinor', message: 'priceMinor must be a whole number of minor units, 0 or more' });
  }
  if (!CURRENCY_CODE.test(goods.currency)) {
    problems.push({ field: 'currency', message: 'currency must be an ISO 4217 code of 3 upper-case letters' });
  }
  if (!Number.isSafeInteger(goods.minPerOrder) || goods.minPerOrder < 1) {
    problems.push({ field: 'minPerOrder', message: 'minPerOrder must be a whole number, 1 or more' });
  }
  if (goods.maxPerOrder !== null && (!Number.isSafeInteger(goods.maxPerOrder) || goods.maxPerOrder < goods.minPerOrder)) {
    problems.push({ field: 'maxPerOrder', message: `maxPerOrder must be a whole number not below minPerOrder (${goods.minPerOrder}), or null for no limit` });
  }
  problems.push(...wholesaleTierProblems(goods.priceMinor, goods.wholesaleTiers));
  const unreachable = goods.maxPerOrder === null ? -1 : goods.wholesaleTiers.findIndex((t) => t.minQuantity > (goods.maxPerOrder as number));
  if (unreachable >= 0) {
    problems.push({
      field: `wholesaleTiers.${unreachable}.minQuantity`,
      message: `minQuantity is above maxPerOrder (${goods.maxPerOrder}), so the tier could never apply`,
    });
  }
  problems.push(...buyerFieldProblems(goods.deliveryType, goods.buyerFields));
  problems.push(...dynamicDeliveryProblems(goods.deliveryType, goods.dynamicDelivery, policy));
  return problems;
}
