// The public API of the promotions module: the only file other modules may import.
export { PromotionsFacade } from './public/promotions.facade';
export { PromotionsModule } from './promotions.module';
