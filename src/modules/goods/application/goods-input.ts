import type { BuyerField, DeliveryType, DynamicDeliverySettings, WholesaleTier } from '../public/goods.contracts';

/** Everything an admin sets on a goods item. */
export interface GoodsInput {
  categoryId: string;
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  onSale: boolean;
  deliveryType: DeliveryType;
  minPerOrder: number;
  maxPerOrder: number | null;
  wholesaleTiers: WholesaleTier[];
  buyerFields: BuyerField[];
  /** Dynamic goods only; null for the others. */
  dynamicDelivery: DynamicDeliverySettings | null;
  sortOrder: number;
}

/** An edit: the fields given change, `undefined` ones stay (`maxPerOrder: null` removes the limit). */
export type GoodsPatch = { [K in keyof GoodsInput]?: GoodsInput[K] };

/** Plain copies with a fixed key order (request DTO instances in, JSON-ready data out). */
export const plainTiers = (tiers: readonly WholesaleTier[]): WholesaleTier[] =>
  tiers.map((t) => ({ minQuantity: t.minQuantity, unitPriceMinor: t.unitPriceMinor }));

export const plainBuyerFields = (fields: readonly BuyerField[]): BuyerField[] =>
  fields.map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required }));

export const plainDynamicDelivery = (d: DynamicDeliverySettings | null | undefined): DynamicDeliverySettings | null =>
  d ? { url: d.url, timeoutMs: d.timeoutMs } : null;

/** Only the fields the patch really sets, with arrays copied to plain data. */
export function definedFields(patch: GoodsPatch): GoodsPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = value;
  const result = out as GoodsPatch;
  if (result.wholesaleTiers) result.wholesaleTiers = plainTiers(result.wholesaleTiers);
  if (result.buyerFields) result.buyerFields = plainBuyerFields(result.buyerFields);
  if (result.dynamicDelivery !== undefined) result.dynamicDelivery = plainDynamicDelivery(result.dynamicDelivery);
  return result;
}
