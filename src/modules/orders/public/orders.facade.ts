/**
 * The one synchronous entry point other modules may call on orders (the order engine: order state machine, creation, settlement, expiry).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build orders's behaviour.
 */
export abstract class OrdersFacade {}
