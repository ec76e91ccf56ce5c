// The public API of the promotions module: the only file other modules may import.
export { PromotionsFacade } from './public/promotions.facade';
export type { Adjustment, PromotionQuote, QuoteContext, QuoteLine } from './public/promotions.contracts';
export { PromotionsModule } from './promotions.module';
