import { Injectable } from '@nestjs/common';
import type { PromotionQuote, QuoteContext } from './public/promotions.contracts';
import { PromotionsFacade } from './public/promotions.facade';

/** No campaigns exist yet, so no quote adjusts anything; coupons and activities replace this. */
@Injectable()
export class PromotionsFacadeService extends PromotionsFacade {
  async quote(_context: QuoteContext): Promise<PromotionQuote> {
    return { adjustments: [], totalAdjustmentMinor: 0 };
  }
}
