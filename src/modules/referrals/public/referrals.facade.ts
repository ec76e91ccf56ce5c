/**
 * The one synchronous entry point other modules may call on referrals (the referral tree, commissions, wallets and withdrawals).
 * The abstract class is the DI token; the implementation lives inside the module.
 * Methods arrive with the issues that build referrals's behaviour.
 */
export abstract class ReferralsFacade {}
