/**
 * The one synchronous entry point other modules may call on goods (categories and goods: what the shop sells, prices, limits).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build goods's behaviour.
 */
export abstract class GoodsFacade {}
