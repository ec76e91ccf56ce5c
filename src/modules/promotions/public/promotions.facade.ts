import type { PromotionQuote, QuoteContext } from './promotions.contracts';

/**
 * The pricing engine as orders sees it: it only computes adjustments, it never changes an order.
 * Until coupons and activities land, the quote carries no adjustment.
 */
export abstract class PromotionsFacade {
  abstract quote(context: QuoteContext): Promise<PromotionQuote>;
}
