/**
 * The one synchronous entry point other modules may call on support (support tickets, SLA timers, the agent view).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build support's behaviour.
 */
export abstract class SupportFacade {}
