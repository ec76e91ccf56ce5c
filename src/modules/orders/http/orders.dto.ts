import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { ORDER_STATUSES } from '../domain/order-status';
import { ORDER_NUMBER_PATTERN } from '../domain/order-number';

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

export class PlaceOrderBody {
  @ApiProperty()
  @IsUUID()
  goodsId: string;

  @ApiProperty({ minimum: 1, maximum: 10_000 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity: number;

  @ApiProperty({ description: 'E-mail or phone: with the query password it opens the order later' })
  @IsString()
  @Length(3, 120)
  contact: string;

  @ApiProperty({ description: 'Chosen by the buyer to look the order up; stored only as a hash' })
  @IsString()
  @Length(4, 64)
  queryPassword: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  couponCode?: string;

  @ApiPropertyOptional({ enum: ['zh', 'en'], description: "The language of the e-mails about the order; default: the browser's Accept-Language, else the shop's" })
  @IsOptional()
  @IsIn(['zh', 'en'])
  language?: 'zh' | 'en';

  @ApiPropertyOptional({ description: "A stable id of the buyer's browser (e.g. a first-party cookie), for A/B experiments" })
  @IsOptional()
  @Matches(VISITOR_ID, { message: 'visitorId must be 8-64 letters, digits, _ or -' })
  visitorId?: string;

  @ApiPropertyOptional({ description: 'Preferred payment channel code' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/)
  channel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  referralCode?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 200 },
    description: "Answers to the goods item's buyerFields (manual goods), by field key, e.g. {\"account\": \"12345\"}; checked against the fields' types",
  })
  @IsOptional()
  @IsObject()
  buyerAnswers?: Record<string, string>;
}

export class OrderNoParam {
  @Matches(ORDER_NUMBER_PATTERN, { message: 'orderNo must look like 20261124-8K3F9Q2M' })
  orderNo: string;
}

export class OrderIdParam {
  @IsUUID()
  orderId: string;
}

export class OrderLookupBody {
  @ApiProperty()
  @IsString()
  @Length(3, 120)
  contact: string;

  @ApiProperty()
  @IsString()
  @Length(1, 64)
  queryPassword: string;
}

export class ReasonBody {
  @ApiProperty()
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class ConfirmPaymentBody extends ReasonBody {
  @ApiProperty({ description: 'The transaction reference of the payment received (bank transfer number, ...)' })
  @IsString()
  @Length(1, 128)
  providerTxnId: string;
}

export class FulfilOrderBody extends ReasonBody {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Shown to the buyer with the order, e.g. "Topped up account 12345"' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class ReplaceKeyBody extends ReasonBody {
  @ApiProperty()
  @IsUUID()
  keyId: string;
}

export class OrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ORDER_NUMBER_PATTERN)
  orderNo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(3, 120)
  contact?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  goodsId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString()
  to?: string;
}

/** What the storefront asks to show a price before the buyer commits. */
export class OrderQuoteBody {
  @ApiProperty()
  @IsUUID()
  goodsId: string;

  @ApiProperty({ minimum: 1, maximum: 10_000 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  couponCode?: string;

  @ApiPropertyOptional({ description: 'For per-buyer coupon and flash-sale limits' })
  @IsOptional()
  @IsString()
  @Length(3, 120)
  contact?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(VISITOR_ID, { message: 'visitorId must be 8-64 letters, digits, _ or -' })
  visitorId?: string;
}

export class ClaimOrderBody {
  @ApiProperty()
  @Matches(ORDER_NUMBER_PATTERN, { message: 'orderNo must look like 20261124-8K3F9Q2M' })
  orderNo: string;

  @ApiProperty()
  @IsString()
  @Length(3, 120)
  contact: string;

  @ApiProperty()
  @IsString()
  @Length(4, 64)
  queryPassword: string;
}
