/**
 * The one synchronous entry point other modules may call on card-keys (the card-key vault: import, encryption, reservation, delivery).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build card-keys's behaviour.
 */
export abstract class CardKeysFacade {}
