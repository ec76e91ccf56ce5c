import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { MAX_COMMISSION_LEVELS } from '../domain/commission-plan';

const MAX_AMOUNT = 1_000_000_000_000;
const CODE_CHAR = '[A-HJKMNP-Za-hjkmnp-z2-9]';
/** A referral code as people type it: 8 characters of the code alphabet, any case, a dash or spaces allowed. */
const TYPED_CODE = new RegExp(`^\\s*${CODE_CHAR}(?:[\\s-]?${CODE_CHAR}){7}\\s*$`);
const codeRule = () => Matches(TYPED_CODE, { message: 'must be a referral code: 8 letters and digits (no 0, 1, I, L or O)' });

const levelRates = () => [
  IsArray(),
  ArrayMinSize(1),
  ArrayMaxSize(MAX_COMMISSION_LEVELS, { message: `at most ${MAX_COMMISSION_LEVELS} levels: China's distribution rules cap commission depth at 3` }),
  IsInt({ each: true }),
  Min(0, { each: true }),
  Max(10_000, { each: true }),
];
function LevelRates(): PropertyDecorator {
  return (target, key) => levelRates().forEach((d) => d(target, key));
}

export class MemberIdParam {
  @IsUUID()
  memberId: string;
}

export class GoodsIdParam {
  @IsUUID()
  goodsId: string;
}

export class IdParam {
  @IsUUID()
  id: string;
}

export class BindReferrerBody {
  @ApiProperty({ example: 'AB3K7QPX', description: 'The referrer\'s code (case-insensitive)' })
  @IsString()
  @codeRule()
  code: string;
}

export class RebindBody {
  @ApiProperty({ example: 'AB3K7QPX' })
  @IsString()
  @codeRule()
  referrerCode: string;

  @ApiProperty({ description: 'Why (kept in the audit log)' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class ReferralSettingsBody {
  @ApiProperty({ minimum: 1, maximum: MAX_COMMISSION_LEVELS, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_COMMISSION_LEVELS, { message: `levels is at most ${MAX_COMMISSION_LEVELS}: China's distribution rules cap commission depth at 3` })
  levels: number;

  @ApiProperty({ type: [Number], example: [1000, 500], description: 'Basis points per level (1000 = 10%), one per level' })
  @LevelRates()
  rateBpsByLevel: number[];
}

export class GoodsRatesBody {
  @ApiProperty({ type: [Number], example: [1500, 500], description: 'Basis points per level for this goods item; levels not given use the default' })
  @LevelRates()
  rateBpsByLevel: number[];
}

export class RankBody {
  @ApiProperty({ example: 'Gold' })
  @IsString()
  @Length(1, 60)
  name: string;

  @ApiProperty({ minimum: 1, description: 'Seniority: a member holds the highest-positioned rank whose thresholds they meet' })
  @IsInt()
  @Min(1)
  @Max(1000)
  position: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  minDirectMembers: number;

  @ApiProperty({ minimum: 0, description: 'Net paid sales of the whole team, minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  minTeamSalesMinor: number;

  @ApiProperty({ type: [Number], example: [1500, 600], description: 'Basis points per level; used instead of the usual rate when higher' })
  @LevelRates()
  rateBpsByLevel: number[];
}

export class RankPatchBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 60)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  position?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  minDirectMembers?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  minTeamSalesMinor?: number;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @LevelRates()
  rateBpsByLevel?: number[];
}

export class WithdrawalBody {
  @ApiProperty({ description: 'Minor units taken from the balance (the fee comes out of it)', example: 5000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  amountMinor: number;

  @ApiProperty({ enum: ['alipay', 'wechat', 'bank'] })
  @IsIn(['alipay', 'wechat', 'bank'])
  method: 'alipay' | 'wechat' | 'bank';

  @ApiProperty({ description: 'Where to pay: the Alipay/WeChat account or the bank account', example: 'buyer@example.com' })
  @IsString()
  @Length(3, 200)
  account: string;
}

export class WithdrawalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['requested', 'approved', 'rejected', 'paid'] })
  @IsOptional()
  @IsIn(['requested', 'approved', 'rejected', 'paid'])
  status?: 'requested' | 'approved' | 'rejected' | 'paid';
}

export class CommissionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['frozen', 'settled', 'cancelled', 'clawed_back'] })
  @IsOptional()
  @IsIn(['frozen', 'settled', 'cancelled', 'clawed_back'])
  status?: 'frozen' | 'settled' | 'cancelled' | 'clawed_back';
}

export class AdminCommissionQuery extends CommissionListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

export class ApproveBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}

export class RejectBody {
  @ApiProperty({ description: 'Why (shown to the member and kept in the audit log)' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class MarkPaidBody {
  @ApiProperty({ description: 'The transfer reference of the payout' })
  @IsString()
  @Length(1, 200)
  reference: string;
}
