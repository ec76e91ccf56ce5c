import type { MemberPricing, MemberProfile } from './membership.contracts';

/**
 * The one synchronous entry point other modules may call on membership (buyers: accounts, levels,
 * points). Who a signed-in member is comes from their access token (platform/auth, MemberTokens):
 * no call is needed for that.
 */
export abstract class MembershipFacade {
  /** The member's level and discount for pricing; a member without a level gets discount 0. Throws NotFoundError for an unknown member. */
  abstract pricingOf(memberId: string): Promise<MemberPricing>;

  /** The member's profile, or null when there is no such member. */
  abstract profileOf(memberId: string): Promise<MemberProfile | null>;

  /** Finds a member by e-mail (case-insensitive), for support; null when none. */
  abstract findByEmail(email: string): Promise<MemberProfile | null>;
}
