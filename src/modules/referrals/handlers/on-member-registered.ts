import { Injectable } from '@nestjs/common';
import { OnIntegrationEvent } from '../../../platform/events';
import { MemberRegisteredV1 } from '../../membership/events';
import { ReferralTree } from '../application/referral-tree';

/** A new member enters the tree: their code, and their referrer when they came with a valid code. Never a commission. */
@Injectable()
export class OnMemberRegistered {
  constructor(private readonly tree: ReferralTree) {}

  @OnIntegrationEvent(MemberRegisteredV1, { name: 'referrals.enter-tree' })
  async registered(event: MemberRegisteredV1): Promise<void> {
    await this.tree.enter(event.memberId, event.referralCode);
  }
}
