/** Contract types of the membership module (plain data, safe to pass between modules). */

/** What pricing needs to know of a member: their level and its discount. */
export interface MemberPricing {
  memberId: string;
  levelId: string | null;
  levelName: string | null;
  /** The level's discount, 0..100 percent (0 without a level). */
  discountPercent: number;
}

/** A member as support and other modules see them. */
export interface MemberProfile {
  memberId: string;
  email: string;
  displayName: string | null;
  levelId: string | null;
  levelName: string | null;
  points: number;
  /** What the member has paid over time, net of refunds, in minor units. */
  lifetimeSpendMinor: number;
  registeredAt: string;
}
