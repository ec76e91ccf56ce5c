import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class ClaimBody {
  @ApiProperty()
  @IsUUID()
  goodsId: string;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  @ApiProperty({ description: 'Your reference for this claim (e.g. your order number); repeating it returns the same keys' })
  @IsString()
  @Length(1, 128)
  @Matches(/^[\x21-\x7e]+$/, { message: 'externalRef must be visible ASCII characters' })
  externalRef: string;
}

export class ExternalRefParam {
  @IsString()
  @Length(1, 128)
  externalRef: string;
}

export class CreatePartnerBody {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100_000, default: 120 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute = 120;
}

export class PartnerIdParam {
  @IsUUID()
  partnerId: string;
}

export class PartnerKeyParams extends PartnerIdParam {
  @IsUUID()
  apiKeyId: string;
}

export class PartnerScopeParams extends PartnerIdParam {
  @IsUUID()
  goodsId: string;
}

export class ScopeBody {
  @ApiProperty({ minimum: 0, description: 'Keys the partner may claim in all' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  quota: number;
}
