import { Injectable } from '@nestjs/common';
import { quoteLine } from './domain/line-quote';
import { GoodsEntity } from './persistence/goods.entity';
import { GoodsRepository } from './persistence/goods.repository';
import type { DynamicDeliverySettings, GoodsForOrder, GoodsQuote } from './public/goods.contracts';
import { AmountTooLargeError, GoodsNotFoundError, GoodsOffSaleError, QuantityOutOfRangeError } from './public/goods.errors';
import { GoodsFacade } from './public/goods.facade';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const forOrder = (g: GoodsEntity): GoodsForOrder => ({
  id: g.id,
  title: g.title,
  currency: g.currency,
  basePriceMinor: g.priceMinor,
  onSale: g.onSale,
  archived: g.archivedAt !== null,
  deliveryType: g.deliveryType,
  minPerOrder: g.minPerOrder,
  maxPerOrder: g.maxPerOrder,
  wholesaleTiers: g.wholesaleTiers.map((t) => ({ ...t })),
  buyerFields: g.buyerFields.map((f) => ({ ...f })),
  version: g.version,
});

@Injectable()
export class GoodsFacadeService extends GoodsFacade {
  constructor(private readonly goods: GoodsRepository) {
    super();
  }

  async getForOrder(goodsId: string): Promise<GoodsForOrder | null> {
    if (!UUID.test(goodsId)) return null;
    const goods = await this.goods.findById(goodsId);
    return goods ? forOrder(goods) : null;
  }

  async dynamicDeliveryOf(goodsId: string): Promise<DynamicDeliverySettings | null> {
    if (!UUID.test(goodsId)) return null;
    const goods = await this.goods.findById(goodsId);
    if (!goods || goods.deliveryType !== 'dynamic' || !goods.dynamicDelivery) return null;
    return { url: goods.dynamicDelivery.url, timeoutMs: goods.dynamicDelivery.timeoutMs };
  }

  async quote(goodsId: string, quantity: number): Promise<GoodsQuote> {
    const goods = UUID.test(goodsId) ? await this.goods.findById(goodsId) : null;
    if (!goods) throw new GoodsNotFoundError(goodsId);
    const quote = quoteLine({ ...goods, archived: goods.archivedAt !== null }, quantity);
    if (!quote.ok) {
      switch (quote.refusal) {
        case 'archived':
          throw new GoodsNotFoundError(goodsId);
        case 'off_sale':
          throw new GoodsOffSaleError(goodsId);
        case 'quantity_out_of_range':
          throw new QuantityOutOfRangeError(goodsId, quantity, goods.minPerOrder, goods.maxPerOrder);
        case 'amount_too_large':
          throw new AmountTooLargeError(goodsId, quantity);
      }
    }
    return {
      goodsId: goods.id,
      title: goods.title,
      categoryId: goods.categoryId ?? null,
      currency: goods.currency,
      quantity,
      basePriceMinor: goods.priceMinor,
      unitPriceMinor: quote.unitPriceMinor,
      lineTotalMinor: quote.lineTotalMinor,
      appliedTier: quote.appliedTier,
      deliveryType: goods.deliveryType,
      buyerFields: goods.buyerFields.map((f) => ({ ...f })),
      version: goods.version,
    };
  }
}
