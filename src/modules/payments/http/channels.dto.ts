import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PROVIDER_NAMES } from '../providers/provider-registry';

const MAX_AMOUNT = 1_000_000_000_000;
export const CHANNEL_CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;

export class ChannelCodeParam {
  @Matches(CHANNEL_CODE, { message: 'code must be 2-40 lower-case letters, digits or dashes' })
  code: string;
}

export class CreateChannelBody {
  @ApiProperty({ example: 'sandbox', description: 'Unique; appears in the callback URL /api/payments/callbacks/:code. Cannot change.' })
  @Matches(CHANNEL_CODE, { message: 'code must be 2-40 lower-case letters, digits or dashes' })
  code: string;

  @ApiProperty({ enum: PROVIDER_NAMES })
  @IsIn(PROVIDER_NAMES)
  provider: string;

  @ApiProperty({ example: 'Sandbox' })
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled = true;

  @ApiPropertyOptional({ default: 100, description: 'Lower is tried first' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priority = 100;

  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  minAmountMinor = 1;

  @ApiPropertyOptional({ nullable: true, description: 'null: no upper limit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  maxAmountMinor: number | null = null;

  @ApiPropertyOptional({ default: 0, description: 'Fee in basis points (60 = 0.6%)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  feeBps = 0;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  feeFixedMinor = 0;

  @ApiProperty({ description: 'Provider credentials, e.g. {"secret": "..."} for the sandbox; sealed at rest, never returned' })
  @IsObject()
  credentials: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'timeoutMs, breakerResetMs, breakerErrorPercent, breakerMinRequests, breakerWindowMs, plus the provider\'s own settings',
  })
  @IsOptional()
  @IsObject()
  settings: Record<string, unknown> = {};
}

export class UpdateChannelBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  minAmountMinor?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  maxAmountMinor?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  feeBps?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  feeFixedMinor?: number;

  @ApiPropertyOptional({ description: 'Replaces all credentials' })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Merged into the settings; a key set to null is removed' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class StorefrontChannelsQuery {
  @ApiPropertyOptional({ example: 'CNY', description: 'Only channels taking this currency' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of 3 upper-case letters' })
  currency?: string;

  @ApiPropertyOptional({ example: 10000, description: 'Only channels that take this amount (minor units)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  amountMinor?: number;
}
