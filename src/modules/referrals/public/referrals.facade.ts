import type { ReferralSummary } from './referrals.contracts';

/**
 * The one synchronous entry point other modules may call on referrals (the referral tree,
 * commissions, wallets and withdrawals). Referrals itself calls nobody: members and sales arrive
 * as membership's and orders' integration events. The abstract class is the DI token.
 */
export abstract class ReferralsFacade {
  /** A member's referral code, referrer, rank, team and wallet figures (for support); null when the member has no referral row yet. */
  abstract summaryOf(memberId: string): Promise<ReferralSummary | null>;
}
