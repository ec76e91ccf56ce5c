/**
 * The one synchronous entry point other modules may call on orders (support reads orders and
 * acts on them through it). Methods arrive with the support issue.
 */
export abstract class OrdersFacade {}
