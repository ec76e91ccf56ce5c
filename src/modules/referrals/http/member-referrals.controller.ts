import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { CurrentMember, MemberOnly } from '../../../platform/auth/member-auth.guard';
import { PageQuery } from '../../../platform/http/pagination';
import { MemberViews } from '../application/member-views';
import { ReferralTree } from '../application/referral-tree';
import { BindReferrerBody, CommissionListQuery } from './referrals.dto';

@ApiTags('storefront: referrals')
@Controller('api/me')
@MemberOnly()
export class MemberReferralsController {
  constructor(
    private readonly tree: ReferralTree,
    private readonly views: MemberViews,
  ) {}

  @Post('referrer')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Binds the signed-in member to the owner of a referral code, once (409 already_bound after)' })
  bind(@CurrentMember() memberId: string, @Body() body: BindReferrerBody) {
    return this.tree.bindByMember(memberId, body.code);
  }

  @Get('team')
  @Transactional()
  @ApiOperation({ summary: 'Code and link, referrer, rank, team size by level, team sales, commissions by status, direct members (paged)' })
  team(@CurrentMember() memberId: string, @Query() q: PageQuery) {
    return this.views.team(memberId, q.limit, q.offset);
  }

  @Get('commissions')
  @ApiOperation({ summary: 'The member\'s commissions, newest first' })
  commissions(@CurrentMember() memberId: string, @Query() q: CommissionListQuery) {
    return this.views.commissionList(memberId, q.status, q.limit, q.offset);
  }
}
