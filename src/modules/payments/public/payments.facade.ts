/**
 * The one synchronous entry point other modules may call on payments (the payment gateway: channels, providers, failover, callbacks, refunds).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build payments's behaviour.
 */
export abstract class PaymentsFacade {}
