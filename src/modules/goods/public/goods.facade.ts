import type { DynamicDeliverySettings, GoodsForOrder, GoodsQuote } from './goods.contracts';

/**
 * The one synchronous entry point other modules may call on goods (categories and goods: what the
 * shop sells, prices, limits). The abstract class is the DI token; the implementation lives inside
 * the module. Every method joins the caller's transaction when there is one.
 */
export abstract class GoodsFacade {
  /** The goods item as orders needs it (archived and off-sale ones included, flagged); null if unknown. */
  abstract getForOrder(goodsId: string): Promise<GoodsForOrder | null>;

  /**
   * Prices `quantity` units: the unit price from the wholesale tiers, and the line total.
   * Throws GoodsNotFoundError (404, unknown or archived), GoodsOffSaleError (409),
   * QuantityOutOfRangeError (422, not a whole number within min/max per order) or
   * AmountTooLargeError (422, the total would overflow).
   */
  abstract quote(goodsId: string, quantity: number): Promise<GoodsQuote>;

  /**
   * The merchant endpoint of a goods item delivered dynamically, as it is now (archived and
   * off-sale goods included: their paid orders are still delivered); null for goods delivered
   * otherwise and for unknown ids.
   */
  abstract dynamicDeliveryOf(goodsId: string): Promise<DynamicDeliverySettings | null>;
}
