import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { CHANNEL_CODE } from './channels.dto';

const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded', 'expired'] as const;
const CALLBACK_STATES = ['received', 'settled', 'duplicate', 'applied', 'ignored', 'mismatch', 'conflict', 'unmatched'] as const;

export class PaymentListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiPropertyOptional({ enum: PAYMENT_STATUSES })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: (typeof PAYMENT_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CHANNEL_CODE, { message: 'channel must be a channel code' })
  channel?: string;
}

export class CallbackListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CALLBACK_STATES, description: 'mismatch, conflict and unmatched need a look' })
  @IsOptional()
  @IsIn(CALLBACK_STATES)
  state?: (typeof CALLBACK_STATES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  paymentId?: string;
}

export class RefundListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  paymentId?: string;

  @ApiPropertyOptional({ description: "'true': only flagged refunds nobody has paid back yet" })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

export class RefundIdParam {
  @IsUUID()
  refundId: string;
}

export class ResolveRefundBody {
  @ApiProperty({ description: 'How the money went back (e.g. the bank transfer reference); kept in the audit log' })
  @IsString()
  @Length(3, 500)
  resolution: string;
}

export class PaymentIdParam {
  @IsUUID()
  paymentId: string;
}

export class CallbackChannelParam {
  @Matches(CHANNEL_CODE, { message: 'channel must be a channel code' })
  channel: string;
}

export class CallbackRefParam extends CallbackChannelParam {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'ref must be a payment reference' })
  ref: string;
}

export class SandboxPayBody {
  @ApiPropertyOptional({ enum: ['paid', 'failed'], default: 'paid' })
  @IsOptional()
  @IsIn(['paid', 'failed'])
  outcome: 'paid' | 'failed' = 'paid';

  @ApiPropertyOptional({ enum: ['yes', 'no'], default: 'yes', description: "'no' loses the callback (for reconciliation to find the payment)" })
  @IsOptional()
  @IsIn(['yes', 'no'])
  notify: 'yes' | 'no' = 'yes';
}
