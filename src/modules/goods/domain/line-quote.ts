import type { WholesaleTier } from '../public/goods.contracts';
import { tierFor } from './wholesale-tiers';

export interface QuotableGoods {
  priceMinor: number;
  onSale: boolean;
  archived: boolean;
  minPerOrder: number;
  maxPerOrder: number | null;
  wholesaleTiers: readonly WholesaleTier[];
}

export type LineQuote =
  | { ok: true; unitPriceMinor: number; lineTotalMinor: number; appliedTier: WholesaleTier | null }
  | { ok: false; refusal: 'archived' | 'off_sale' | 'quantity_out_of_range' | 'amount_too_large' };

/** unit × quantity, or null when the product is not a safe integer (money never goes approximate). */
export function lineTotal(unitPriceMinor: number, quantity: number): number | null {
  const total = unitPriceMinor * quantity;
  return Number.isSafeInteger(total) ? total : null;
}

/** Prices an order line, or says why it cannot be sold: archived, off sale, quantity, overflow (in that order). */
export function quoteLine(goods: QuotableGoods, quantity: number): LineQuote {
  if (goods.archived) return { ok: false, refusal: 'archived' };
  if (!goods.onSale) return { ok: false, refusal: 'off_sale' };
  if (
    !Number.isSafeInteger(quantity) ||
    quantity < goods.minPerOrder ||
    (goods.maxPerOrder !== null && quantity > goods.maxPerOrder)
  ) {
    return { ok: false, refusal: 'quantity_out_of_range' };
  }
  const appliedTier = tierFor(goods.wholesaleTiers, quantity);
  const unitPriceMinor = appliedTier?.unitPriceMinor ?? goods.priceMinor;
  const total = lineTotal(unitPriceMinor, quantity);
  if (total === null) return { ok: false, refusal: 'amount_too_large' };
  return { ok: true, unitPriceMinor, lineTotalMinor: total, appliedTier: appliedTier ? { ...appliedTier } : null };
}
