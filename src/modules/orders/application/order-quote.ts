import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { GoodsFacade } from '../../goods';
import { MemberPricer } from './member-pricer';
import { joinNotes, promotionContext } from './place-order';
import { PromotionQuoter } from './promotion-quoter';

/**
 * The price a buyer would pay now, before placing the order: the goods' price (wholesale tiers
 * included) and the promotions that apply (an A/B exposure is recorded). Takes nothing: coupon
 * uses and flash-sale units are only held when the order is placed.
 */
@Injectable()
export class OrderQuote {
  constructor(
    private readonly goods: GoodsFacade,
    private readonly promotions: PromotionQuoter,
    private readonly members: MemberPricer,
    private readonly clock: Clock,
  ) {}

  async run(input: { goodsId: string; quantity: number; couponCode?: string; contact?: string; visitorId?: string; memberId?: string }) {
    const goods = await this.goods.quote(input.goodsId, input.quantity);
    const member = await this.members.pricingOf(input.memberId);
    const promo = await this.promotions.quote(promotionContext(input, goods, this.clock.now(), member.pricing));
    const adjustment = Math.max(promo.totalAdjustmentMinor, -goods.lineTotalMinor);
    return {
      goodsId: goods.goodsId,
      quantity: goods.quantity,
      currency: goods.currency,
      unitPriceMinor: goods.unitPriceMinor,
      subtotalMinor: goods.lineTotalMinor,
      adjustmentMinor: adjustment,
      totalMinor: goods.lineTotalMinor + adjustment,
      adjustments: promo.adjustments,
      couponCode: promo.couponCode,
      promotionNote: joinNotes(promo.note, member.note),
    };
  }
}
