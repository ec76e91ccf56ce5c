import type { StockStatus } from '../domain/stock-status';
import { CategoryEntity } from '../persistence/category.entity';
import { GoodsHistoryEntity } from '../persistence/goods-history.entity';
import { GoodsEntity } from '../persistence/goods.entity';
import type { BuyerField, DeliveryType, WholesaleTier } from '../public/goods.contracts';

/** The tracked fields of a goods item: what the history diffs. */
export function goodsSnapshot(g: GoodsEntity): Record<string, unknown> {
  return {
    categoryId: g.categoryId,
    title: g.title,
    description: g.description,
    priceMinor: g.priceMinor,
    currency: g.currency,
    onSale: g.onSale,
    deliveryType: g.deliveryType,
    minPerOrder: g.minPerOrder,
    maxPerOrder: g.maxPerOrder,
    wholesaleTiers: g.wholesaleTiers,
    buyerFields: g.buyerFields,
    // The merchant's URL and timeout only: the signing secret is the shop's setting, never here.
    dynamicDelivery: g.dynamicDelivery,
    sortOrder: g.sortOrder,
    archived: g.archivedAt !== null,
  };
}

export const adminGoodsView = (g: GoodsEntity) => ({
  ...goodsSnapshot(g),
  id: g.id,
  archivedAt: g.archivedAt,
  version: g.version,
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
});
export type AdminGoodsView = ReturnType<typeof adminGoodsView>;

export const categoryView = (c: CategoryEntity) => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  sortOrder: c.sortOrder,
  visible: c.visible,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const storefrontCategoryView = (c: CategoryEntity) => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  sortOrder: c.sortOrder,
});

export const historyView = (h: GoodsHistoryEntity) => ({
  id: h.id,
  version: h.version,
  action: h.action,
  at: h.at,
  actor: { type: h.actorType, id: h.actorId, label: h.actorLabel },
  reason: h.reason,
  changes: h.changes,
});

export interface StorefrontGoodsView {
  id: string;
  categoryId: string;
  title: string;
  priceMinor: number;
  currency: string;
  deliveryType: DeliveryType;
  minPerOrder: number;
  maxPerOrder: number | null;
  wholesaleTiers: WholesaleTier[];
  /** Keys available now; null when not counted (manual or dynamic delivery, reusable key, or unknown). */
  stock: number | null;
  stockStatus: StockStatus;
}

export interface StorefrontGoodsDetail extends StorefrontGoodsView {
  /** Markdown. */
  description: string;
  buyerFields: BuyerField[];
}

export const storefrontGoodsView = (g: GoodsEntity, stock: number | null, stockStatus: StockStatus): StorefrontGoodsView => ({
  id: g.id,
  categoryId: g.categoryId,
  title: g.title,
  priceMinor: g.priceMinor,
  currency: g.currency,
  deliveryType: g.deliveryType,
  minPerOrder: g.minPerOrder,
  maxPerOrder: g.maxPerOrder,
  wholesaleTiers: g.wholesaleTiers,
  stock,
  stockStatus,
});
