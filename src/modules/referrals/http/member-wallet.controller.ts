import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { CurrentMember, MemberOnly } from '../../../platform/auth/member-auth.guard';
import { Idempotent } from '../../../platform/http/idempotency';
import { PageQuery } from '../../../platform/http/pagination';
import { MemberViews } from '../application/member-views';
import { Withdrawals } from '../application/withdrawals';
import { WithdrawalBody } from './referrals.dto';

@ApiTags('storefront: referrals')
@Controller('api/me/wallet')
@MemberOnly()
export class MemberWalletController {
  constructor(
    private readonly views: MemberViews,
    private readonly withdrawals: Withdrawals,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Balance, debt and the ledger (newest first, paged)' })
  wallet(@CurrentMember() memberId: string, @Query() q: PageQuery) {
    return this.views.wallet(memberId, q.limit, q.offset);
  }

  @Post('withdrawals')
  @Idempotent()
  @Transactional()
  @ApiOperation({ summary: 'Asks for a withdrawal: the amount leaves the balance at once (422 insufficient_balance beyond it)' })
  request(@CurrentMember() memberId: string, @Body() body: WithdrawalBody) {
    return this.withdrawals.request(memberId, { amountMinor: body.amountMinor, method: body.method, account: body.account.trim() });
  }

  @Get('withdrawals')
  withdrawalsOf(@CurrentMember() memberId: string, @Query() q: PageQuery) {
    return this.withdrawals.listOwn(memberId, q.limit, q.offset);
  }
}
