import { Injectable, Logger } from '@nestjs/common';
import { CardKeysFacade } from '../../card-keys';
import { stockStatusOf, StockStatus } from '../domain/stock-status';
import { GoodsEntity } from '../persistence/goods.entity';

export interface GoodsStock {
  stock: number | null;
  stockStatus: StockStatus;
}

/**
 * Live stock for a page of goods: one call to card-keys for all auto-delivery goods on it (never
 * one per item). Manual and dynamic goods are not counted: the merchant delivers them, by hand or
 * from its own system at payment time, so a dynamic item shows `stock: null, stockStatus:
 * 'on_demand'` (always available). If the vault cannot answer, the catalogue still
 * shows, with stock `unknown`: a card-keys failure must not take the storefront down.
 */
@Injectable()
export class StockReader {
  private readonly logger = new Logger('GoodsStock');

  constructor(private readonly cardKeys: CardKeysFacade) {}

  async stockOf(goods: readonly GoodsEntity[]): Promise<Map<string, GoodsStock>> {
    const autoIds = goods.filter((g) => g.deliveryType === 'auto').map((g) => g.id);
    let available: Map<string, number | null> | null = new Map();
    if (autoIds.length > 0) {
      try {
        const levels = await this.cardKeys.stockLevels(autoIds);
        available = new Map([...levels.values()].map((level) => [level.goodsId, level.available]));
      } catch (error) {
        this.logger.warn({ err: error, goods: autoIds.length }, 'card-keys did not answer with stock levels; showing stock as unknown');
        available = null;
      }
    }
    return new Map(
      goods.map((g) => {
        const level = g.deliveryType !== 'auto' || available === null ? undefined : available.get(g.id);
        const stockStatus = stockStatusOf(g.deliveryType, level);
        return [g.id, { stock: typeof level === 'number' ? level : null, stockStatus }];
      }),
    );
  }
}
