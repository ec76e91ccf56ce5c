// The public API of the promotions module: the only file other modules may import (events: ./events).
export { PromotionsFacade } from './public/promotions.facade';
export type { Adjustment, HoldContext, PromotionQuote, QuoteContext, QuoteLine } from './public/promotions.contracts';
export { CouponNotApplicableError, CouponNotFoundError, CouponUsedUpError } from './public/promotions.errors';
export { PromotionsModule } from './promotions.module';
