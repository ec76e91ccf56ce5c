/**
 * The one synchronous entry point other modules may call on membership (buyers: accounts, levels, points).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build membership's behaviour.
 */
export abstract class MembershipFacade {}
