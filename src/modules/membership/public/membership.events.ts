import { IntegrationEvent } from '../../../platform/events';

/** A buyer registered (or was created by a partner sign-in). Referrals binds them to their referrer. */
@IntegrationEvent('membership.member.registered', 1)
export class MemberRegisteredV1 {
  constructor(
    readonly memberId: string,
    /** The referral code the member signed up with, as typed (referrals checks it); null without one. */
    readonly referralCode: string | null,
    readonly registeredAt: string,
  ) {}
}

/** A member's level changed (up on spend or points, down after a refund). */
@IntegrationEvent('membership.member.level-changed', 1)
export class MemberLevelChangedV1 {
  constructor(
    readonly memberId: string,
    readonly fromLevelId: string | null,
    readonly toLevelId: string | null,
    readonly changedAt: string,
  ) {}
}
