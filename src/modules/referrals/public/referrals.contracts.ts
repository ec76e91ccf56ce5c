/** Contract types of the referrals module (plain data, safe to pass between modules). */

/** A member's place in the referral tree, for support's view of a buyer. */
export interface ReferralSummary {
  memberId: string;
  code: string;
  referrerId: string | null;
  boundAt: string | null;
  rankId: string | null;
  rankName: string | null;
  directCount: number;
  teamSize: number;
  teamSalesMinor: number;
  walletBalanceMinor: number;
  walletDebtMinor: number;
}
