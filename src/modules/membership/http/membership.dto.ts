import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { THRESHOLD_KINDS, ThresholdKind } from '../domain/member-levels';
import { PARTNER_CODE } from '../domain/partners';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const PASSWORD = { min: 10, max: 200 };
const MAX_THRESHOLD = 1_000_000_000_000;

export class IdParam {
  @IsUUID()
  id: string;
}

export class RegisterBody {
  @ApiProperty({ example: 'ann@example.com', description: 'Trimmed and lower-cased; one account per address' })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @ApiProperty({ minLength: PASSWORD.min, maxLength: PASSWORD.max })
  @IsString()
  @Length(PASSWORD.min, PASSWORD.max)
  password: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  displayName?: string;

  @ApiPropertyOptional({ description: 'The referrer\'s code as typed; referrals checks it' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'referralCode must be 1-64 printable characters' })
  referralCode?: string;
}

export class SignInBody {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD.max)
  password: string;
}

export class RefreshTokenBody {
  @ApiProperty({ description: 'The refresh token from sign-in or the last refresh' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class PartnerSignInBody {
  @ApiProperty({ example: 'forum', description: 'The partner code (MEMBER_PARTNERS)' })
  @IsString()
  @MaxLength(32)
  @Matches(PARTNER_CODE, { message: 'partner must be a partner code' })
  partner: string;

  @ApiProperty({ description: '<base64url(JSON {sub, email?, displayName?, exp, iat})>.<hex HMAC-SHA256(secret, base64url part)>' })
  @IsString()
  @MaxLength(4096)
  assertion: string;
}

export class UpdateMeBody {
  @ApiProperty({ nullable: true, maxLength: 50, description: 'null clears it' })
  @Transform(trim)
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 50)
  displayName: string | null;
}

export class ChangePasswordBody {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD.max)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD.min, maxLength: PASSWORD.max })
  @IsString()
  @Length(PASSWORD.min, PASSWORD.max)
  newPassword: string;
}

export class CreateLevelBody {
  @ApiProperty({ example: 'Gold' })
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ enum: THRESHOLD_KINDS, description: 'spend: lifetime spend in minor units; points: points balance' })
  @IsIn(THRESHOLD_KINDS)
  thresholdKind: ThresholdKind;

  @ApiProperty({ minimum: 0, example: 50000 })
  @IsInt()
  @Min(0)
  @Max(MAX_THRESHOLD)
  threshold: number;

  @ApiProperty({ minimum: 0, maximum: 100, example: 5 })
  @IsInt()
  @Min(0)
  @Max(100)
  discountPercent: number;

  @ApiPropertyOptional({ example: 'Free shipping on physical goods, priority support' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  benefits: string = '';
}

export class UpdateLevelBody {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ enum: THRESHOLD_KINDS })
  @IsOptional()
  @IsIn(THRESHOLD_KINDS)
  thresholdKind?: ThresholdKind;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_THRESHOLD)
  threshold?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  discountPercent?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  benefits?: string;
}

export class MemberListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'The start of the address, case-insensitive' })
  @IsOptional()
  @IsString()
  @Length(1, 254)
  email?: string;
}
