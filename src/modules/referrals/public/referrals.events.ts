import { IntegrationEvent } from '../../../platform/events';

/** A member was bound to a referrer: at registration, by themselves later, or moved by an admin. */
@IntegrationEvent('referrals.member.bound', 1)
export class ReferralBoundV1 {
  constructor(
    readonly memberId: string,
    readonly referrerId: string,
    /** The referrer before an admin's rebind; null on a first binding. */
    readonly previousReferrerId: string | null,
    readonly via: 'registration' | 'member' | 'admin',
    readonly boundAt: string,
  ) {}
}

/** A commission passed its refund window and was credited to the member's wallet. */
@IntegrationEvent('referrals.commission.settled', 1)
export class CommissionSettledV1 {
  constructor(
    readonly commissionId: string,
    readonly memberId: string,
    readonly orderId: string,
    readonly level: number,
    /** What reached the wallet: the commission less what refunds inside the window took. */
    readonly creditedMinor: number,
    readonly currency: string,
    readonly settledAt: string,
  ) {}
}

/** A member's rank changed (up on new direct members or team sales, down after refunds or a rebind). */
@IntegrationEvent('referrals.member.rank-changed', 1)
export class RankChangedV1 {
  constructor(
    readonly memberId: string,
    readonly fromRankId: string | null,
    readonly toRankId: string | null,
    readonly changedAt: string,
  ) {}
}
