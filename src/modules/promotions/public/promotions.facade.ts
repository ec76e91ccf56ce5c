import type { HoldContext, PromotionQuote, QuoteContext } from './promotions.contracts';

/**
 * The pricing engine as orders sees it: it computes adjustments, it never changes an order.
 * A coupon that cannot be used (unknown, ended, used up, minimum spend not reached) is refused
 * with a 4xx error the buyer can act on; anything else (a 5xx, a timeout) lets orders go on at
 * list price.
 */
export abstract class PromotionsFacade {
  /** What the cart would cost now; takes nothing (an A/B exposure is recorded). */
  abstract quote(context: QuoteContext): Promise<PromotionQuote>;

  /**
   * Quotes and holds for an order in one transaction of its own: the coupon use and flash-sale
   * units are taken atomically (limits hold under concurrency). Idempotent per order id. The hold
   * is consumed when the order is paid and given back when it expires or is cancelled (events).
   */
  abstract holdForOrder(context: HoldContext): Promise<PromotionQuote>;

  /**
   * Gives back what an order held (the order was never written, or checkout was undone). Safe to
   * call before, after or instead of holdForOrder: a hold that arrives after its release is refused.
   */
  abstract releaseOrder(orderId: string): Promise<void>;
}
