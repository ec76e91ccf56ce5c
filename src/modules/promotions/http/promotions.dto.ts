import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';

const MAX_AMOUNT = 1_000_000_000_000;
export const COUPON_CODE = /^[A-Za-z0-9_-]{3,40}$/;
const ACTIVITY_KINDS = ['full_reduction', 'tiered_quantity', 'flash_sale', 'nth_item', 'member_price'] as const;

export class IdParam {
  @IsUUID()
  id: string;
}

export class ScopeBody {
  @ApiPropertyOptional({ type: [String], description: 'Goods ids; empty with no categories = all goods' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  goodsIds: string[] = [];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  categoryIds: string[] = [];
}

/** What activities and coupons have in common: a name, where they apply, the rule and the window. */
class CampaignFields {
  @ApiProperty({ example: 'Spring 满减' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ type: ScopeBody })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScopeBody)
  scope: ScopeBody = new ScopeBody();

  @ApiProperty({
    description:
      'The rule as JSON, by kind (see README, Promotions). An activity: {"kind":"full_reduction","tiers":[{"thresholdMinor":10000,"offMinor":1000}]}; ' +
      'a coupon: {"kind":"fixed","offMinor":500,"minSpendMinor":5000,"stacksWithActivities":true}',
  })
  @IsObject()
  rule: Record<string, unknown>;

  @ApiProperty()
  @IsDateString()
  startsAt: string;

  @ApiProperty()
  @IsDateString()
  endsAt: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active = true;
}

export class CreateActivityBody extends CampaignFields {}

export class UpdateActivityBody {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ScopeBody)
  scope?: ScopeBody;

  @ApiPropertyOptional({ description: 'A whole new rule of the same kind' })
  @IsOptional()
  @IsObject()
  rule?: Record<string, unknown>;

  @IsOptional()
  @IsDateString()
  startsAt?: string;

  @IsOptional()
  @IsDateString()
  endsAt?: string;

  @ApiPropertyOptional({ description: 'false pauses the activity' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ActivityListQuery extends PageQuery {
  @IsOptional()
  @IsIn(ACTIVITY_KINDS)
  kind?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

class CouponFields extends CampaignFields {
  @ApiPropertyOptional({ nullable: true, description: 'Uses in all (held by unpaid orders + paid); null = unlimited' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  totalLimit: number | null = null;

  @ApiPropertyOptional({ nullable: true, description: 'Uses per member (or per contact for guests); null = unlimited' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perBuyerLimit: number | null = null;
}

export class CreateCouponBody extends CouponFields {
  @ApiProperty({ example: 'SPRING10', description: '3-40 letters, digits, _ or -; case-insensitive (stored upper-case)' })
  @Matches(COUPON_CODE, { message: 'code must be 3-40 letters, digits, _ or -' })
  code: string;
}

export class GenerateCouponsBody extends CouponFields {
  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  count: number;

  @ApiPropertyOptional({ example: 'VIP-', description: 'Put before each random part (upper-cased)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{0,20}$/, { message: 'prefix must be up to 20 letters, digits, _ or -' })
  prefix = '';
}

export class UpdateCouponBody {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsDateString()
  endsAt?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  totalLimit?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  perBuyerLimit?: number | null;
}

export class CouponListQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @IsOptional()
  @Matches(COUPON_CODE)
  code?: string;
}

export class PreviewLineBody {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  goodsId: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  categoryId: string | null = null;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  unitPriceMinor: number;
}

export class DraftActivityBody extends CreateActivityBody {}

export class DraftCouponBody extends CouponFields {
  @Matches(COUPON_CODE)
  code: string;
}

export class PreviewBody {
  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @ApiProperty({ type: [PreviewLineBody] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PreviewLineBody)
  lines: PreviewLineBody[];

  @ApiPropertyOptional({ description: 'Judge windows at this instant (default now)' })
  @IsOptional()
  @IsDateString()
  at?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  memberLevelId?: string;

  @ApiPropertyOptional({ description: 'A saved coupon to try' })
  @IsOptional()
  @Matches(COUPON_CODE)
  couponCode?: string;

  @ApiPropertyOptional({ default: true, description: 'Include the activities live now' })
  @IsOptional()
  @IsBoolean()
  includeLive = true;

  @ApiPropertyOptional({ type: [DraftActivityBody], description: 'Unsaved activities to try' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DraftActivityBody)
  activities: DraftActivityBody[] = [];

  @ApiPropertyOptional({ type: DraftCouponBody, description: 'An unsaved coupon to try (instead of couponCode)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DraftCouponBody)
  coupon?: DraftCouponBody;
}

export class VariantBody {
  @ApiProperty({ example: 'control' })
  @IsString()
  key: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: 50 })
  @IsNumber()
  weight: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isControl = false;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  activityIds: string[] = [];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  couponIds: string[] = [];
}

export class CreateExperimentBody {
  @ApiProperty({ example: 'spring-fullreduction' })
  @Matches(/^[a-z0-9][a-z0-9_-]{1,63}$/, { message: 'key must be 2-64 lower-case letters, digits, _ or -' })
  key: string;

  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ default: 1, description: 'Share of visitors in the experiment (0..1]' })
  @IsOptional()
  @IsNumber()
  coverage = 1;

  @ApiProperty({ type: [VariantBody] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VariantBody)
  variants: VariantBody[];
}

export class UpdateExperimentBody {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsNumber()
  coverage?: number;

  @ApiPropertyOptional({ type: [VariantBody] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VariantBody)
  variants?: VariantBody[];

  @ApiPropertyOptional({ description: 'Required to change weights or coverage of a running or paused experiment: starts a new phase' })
  @IsOptional()
  @IsBoolean()
  newPhase?: boolean;
}

export class ExperimentActionParam extends IdParam {
  @IsIn(['start', 'pause', 'resume', 'stop'])
  action: 'start' | 'pause' | 'resume' | 'stop';
}

export class ReportQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  phase?: number;
}
