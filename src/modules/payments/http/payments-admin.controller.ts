import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { PaymentsAdmin } from '../settlement/payments-admin';
import { Reconciliation } from '../settlement/reconciliation';
import { CallbackListQuery, PaymentListQuery, RefundIdParam, RefundListQuery, ResolveRefundBody } from './payments.dto';

@ApiTags('admin: payments')
@Controller('admin/payments')
@AdminOnly('finance')
export class PaymentsAdminController {
  constructor(
    private readonly admin: PaymentsAdmin,
    private readonly reconciliation: Reconciliation,
  ) {}

  @Get()
  list(@Query() query: PaymentListQuery) {
    return this.admin.listPayments(query);
  }

  @Get('callbacks')
  @ApiOperation({ summary: 'Verified callbacks and what became of them (mismatch, conflict, unmatched need a look)' })
  callbacks(@Query() query: CallbackListQuery) {
    return this.admin.listCallbacks(query);
  }

  @Get('refunds')
  @ApiOperation({ summary: "Refunds; ?open=true lists flagged ones a person still has to pay back" })
  refunds(@Query() { open, ...query }: RefundListQuery) {
    return this.admin.listRefunds({ ...query, open: open === 'true' });
  }

  @Post('refunds/:refundId/resolve')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Records that a flagged refund was paid back by hand (audited)' })
  resolve(@Param() { refundId }: RefundIdParam, @Body() body: ResolveRefundBody) {
    return this.admin.resolveRefund(refundId, body.resolution);
  }

  @Post('reconcile')
  @HttpCode(200)
  @ApiOperation({ summary: 'Runs the reconciliation now (it also runs every 60 s)' })
  reconcile() {
    return this.reconciliation.run();
  }
}
