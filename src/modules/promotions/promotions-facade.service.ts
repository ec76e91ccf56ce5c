import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { CartPricing } from './application/cart-pricing';
import { OrderHolds } from './application/order-holds';
import { buyerKeyOf } from './domain/buyer-key';
import type { HoldContext, PromotionQuote, QuoteContext } from './public/promotions.contracts';
import { PromotionsFacade } from './public/promotions.facade';

@Injectable()
export class PromotionsFacadeService extends PromotionsFacade {
  constructor(
    private readonly pricing: CartPricing,
    private readonly holds: OrderHolds,
  ) {
    super();
  }

  @Transactional()
  async quote(context: QuoteContext): Promise<PromotionQuote> {
    return (await this.pricing.price(context, buyerKeyOf(context.memberId, context.contact), false)).quote;
  }

  @Transactional()
  holdForOrder(context: HoldContext): Promise<PromotionQuote> {
    return this.holds.hold(context);
  }

  @Transactional()
  releaseOrder(orderId: string): Promise<void> {
    return this.holds.release(orderId);
  }
}
