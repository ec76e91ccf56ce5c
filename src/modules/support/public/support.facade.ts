/**
 * The one synchronous entry point other modules may call on support. Nothing calls support yet:
 * tickets come from buyers over HTTP and from other modules' integration events (orders awaiting
 * stock, payment mismatches), so the facade has no methods. The abstract class is the DI token.
 */
export abstract class SupportFacade {}
