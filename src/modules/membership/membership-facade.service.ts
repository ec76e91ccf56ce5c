import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../platform/http/app-error';
import { LevelAssignment } from './application/level-assignment';
import { memberProfile } from './application/member-views';
import { normaliseEmail } from './domain/email';
import { MemberRecord, MemberStore } from './persistence/member-store';
import type { MemberPricing, MemberProfile } from './public/membership.contracts';
import { MembershipFacade } from './public/membership.facade';

/**
 * What other modules may ask membership (orders for pricing, support for profiles). Levels are
 * computed live from the current levels, so a level edit prices at once. Reads only, in the
 * caller's transaction when there is one.
 */
@Injectable()
export class MembershipFacadeService extends MembershipFacade {
  constructor(
    private readonly members: MemberStore,
    private readonly levels: LevelAssignment,
  ) {
    super();
  }

  async pricingOf(memberId: string): Promise<MemberPricing> {
    const member = await this.members.byId(memberId);
    if (!member) throw new NotFoundError(`No member ${memberId}`, 'member_not_found');
    const { current } = this.levels.progress(await this.levels.snapshot(), member);
    return { memberId, levelId: current?.id ?? null, levelName: current?.name ?? null, discountPercent: current?.discountPercent ?? 0 };
  }

  async profileOf(memberId: string): Promise<MemberProfile | null> {
    return this.profile(await this.members.byId(memberId));
  }

  async findByEmail(email: string): Promise<MemberProfile | null> {
    return this.profile(await this.members.byEmail(normaliseEmail(email)));
  }

  private async profile(member: MemberRecord | null): Promise<MemberProfile | null> {
    return member ? memberProfile(member, this.levels.progress(await this.levels.snapshot(), member)) : null;
  }
}
