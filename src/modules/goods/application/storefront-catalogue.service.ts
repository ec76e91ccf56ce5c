import { Injectable } from '@nestjs/common';
import { StorefrontGoodsFilter, StorefrontGoodsQuery } from '../persistence/storefront-goods.query';
import { GoodsNotFoundError } from '../public/goods.errors';
import { StorefrontGoodsDetail, storefrontCategoryView, storefrontGoodsView } from './goods-views';
import { StockReader } from './stock-reader';

/** What buyers browse: on-sale goods of visible categories, with live stock. */
@Injectable()
export class StorefrontCatalogue {
  constructor(
    private readonly query: StorefrontGoodsQuery,
    private readonly stock: StockReader,
  ) {}

  async list(filter: StorefrontGoodsFilter) {
    const [rows, total] = await this.query.list(filter);
    const stock = await this.stock.stockOf(rows);
    return {
      items: rows.map((g) => {
        const s = stock.get(g.id) ?? { stock: null, stockStatus: 'unknown' as const };
        return storefrontGoodsView(g, s.stock, s.stockStatus);
      }),
      total,
    };
  }

  /** 404 `goods_not_found` for goods that are unknown, archived, off sale or in a hidden category. */
  async detail(id: string): Promise<StorefrontGoodsDetail> {
    const goods = await this.query.findVisible(id);
    if (!goods) throw new GoodsNotFoundError(id);
    const s = (await this.stock.stockOf([goods])).get(goods.id) ?? { stock: null, stockStatus: 'unknown' as const };
    return { ...storefrontGoodsView(goods, s.stock, s.stockStatus), description: goods.description, buyerFields: goods.buyerFields };
  }

  async categories(page: { limit: number; offset: number }) {
    const [rows, total] = await this.query.visibleCategories(page);
    return { items: rows.map(storefrontCategoryView), total };
  }
}
