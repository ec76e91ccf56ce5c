/**
 * The one synchronous entry point other modules may call on promotions (coupons, activities, A/B experiments: the pricing quote).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build promotions's behaviour.
 */
export abstract class PromotionsFacade {}
