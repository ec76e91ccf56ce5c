/** Contract types of the goods module (plain data, safe to pass between modules). */

/**
 * `auto`: card keys from the vault, delivered the moment payment lands; `manual`: the merchant
 * delivers; `dynamic`: the shop asks the merchant's URL for the items when the order is paid and
 * delivers what it answers.
 */
export type DeliveryType = 'auto' | 'manual' | 'dynamic';
export const DELIVERY_TYPES: readonly DeliveryType[] = ['auto', 'manual', 'dynamic'];

/**
 * Where the shop asks for the items of a dynamic goods item, and how long it waits for an answer.
 * The signing secret is the shop's (DYNAMIC_DELIVERY_SECRET), never stored with the goods.
 */
export interface DynamicDeliverySettings {
  /** https (plain http only for a loopback address outside production). */
  url: string;
  /** 1,000..30,000 ms. */
  timeoutMs: number;
}

export type BuyerFieldType = 'text' | 'email' | 'phone' | 'number';
export const BUYER_FIELD_TYPES: readonly BuyerFieldType[] = ['text', 'email', 'phone', 'number'];

/** From `minQuantity` units on, each unit costs `unitPriceMinor` (instead of the base price). */
export interface WholesaleTier {
  minQuantity: number;
  unitPriceMinor: number;
}

/** Something the buyer must (or may) fill in when ordering manually delivered goods, e.g. a game account. */
export interface BuyerField {
  /** Slug, unique within the goods item; the answer is stored under it. */
  key: string;
  label: string;
  type: BuyerFieldType;
  required: boolean;
}

/** What orders needs to price and check an order line. */
export interface GoodsForOrder {
  id: string;
  title: string;
  currency: string;
  /** Price of one unit below the first wholesale tier, in minor units. */
  basePriceMinor: number;
  onSale: boolean;
  archived: boolean;
  deliveryType: DeliveryType;
  minPerOrder: number;
  /** null: no upper limit. */
  maxPerOrder: number | null;
  wholesaleTiers: WholesaleTier[];
  buyerFields: BuyerField[];
  /** Changes with every edit, so an order can record which version it was priced from. */
  version: number;
}

/** The price of `quantity` units of a goods item, as of `version`. */
export interface GoodsQuote {
  goodsId: string;
  title: string;
  /** For promotions scoped by category; null when the goods has none. */
  categoryId: string | null;
  currency: string;
  quantity: number;
  basePriceMinor: number;
  unitPriceMinor: number;
  /** unitPriceMinor × quantity. */
  lineTotalMinor: number;
  /** The wholesale tier that set the unit price; null when the base price applies. */
  appliedTier: WholesaleTier | null;
  deliveryType: DeliveryType;
  /** What the buyer fills in at checkout (manual goods only; empty otherwise). */
  buyerFields: BuyerField[];
  version: number;
}
