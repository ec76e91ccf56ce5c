import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { NotFoundError } from '../../../platform/http/app-error';
import { MemberViews } from '../application/member-views';
import { ReferralTree } from '../application/referral-tree';
import { ReferralsFacade } from '../public/referrals.facade';
import { AdminCommissionQuery, MemberIdParam, RebindBody } from './referrals.dto';

@ApiTags('admin: referrals')
@Controller('admin/referrals')
export class MembersAdminController {
  constructor(
    private readonly tree: ReferralTree,
    private readonly facade: ReferralsFacade,
    private readonly views: MemberViews,
  ) {}

  @Get('members/:memberId')
  @AdminOnly('operator', 'support', 'finance', 'marketing')
  async member(@Param() { memberId }: MemberIdParam) {
    const summary = await this.facade.summaryOf(memberId);
    if (!summary) throw new NotFoundError(`Member ${memberId} has no referral record`, 'referral_member_not_found');
    return { ...summary, link: this.views.linkOf(summary.code) };
  }

  @Post('members/:memberId/rebind')
  @HttpCode(200)
  @AdminOnly('operator')
  @Transactional()
  @ApiOperation({ summary: 'Moves a member and their whole team under another referrer (no cycles); audited' })
  rebind(@Param() { memberId }: MemberIdParam, @Body() body: RebindBody) {
    return this.tree.rebindByAdmin(memberId, body.referrerCode, body.reason);
  }

  @Get('commissions')
  @AdminOnly('finance', 'support')
  @ApiOperation({ summary: 'Commissions by member, order or status, with the snapshotted upline member and rate' })
  commissions(@Query() q: AdminCommissionQuery) {
    return this.views.adminCommissionList({ beneficiaryId: q.memberId, orderId: q.orderId, status: q.status }, q.limit, q.offset);
  }
}
