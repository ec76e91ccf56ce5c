import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { Withdrawals } from '../application/withdrawals';
import { ApproveBody, IdParam, MarkPaidBody, RejectBody, WithdrawalListQuery } from './referrals.dto';

@ApiTags('admin: referrals')
@Controller('admin/referrals/withdrawals')
@AdminOnly('finance')
export class WithdrawalsAdminController {
  constructor(private readonly withdrawals: Withdrawals) {}

  @Get()
  list(@Query() q: WithdrawalListQuery) {
    return this.withdrawals.list(q.status, q.limit, q.offset);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Transactional()
  approve(@Param() { id }: IdParam, @Body() body: ApproveBody) {
    return this.withdrawals.approve(id, body.reason);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Rejects a requested or approved withdrawal; the amount goes back to the wallet' })
  reject(@Param() { id }: IdParam, @Body() body: RejectBody) {
    return this.withdrawals.reject(id, body.reason);
  }

  @Post(':id/mark-paid')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Records that an approved withdrawal was paid out (with the transfer reference)' })
  markPaid(@Param() { id }: IdParam, @Body() body: MarkPaidBody) {
    return this.withdrawals.markPaid(id, body.reference);
  }
}
