import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { Rules } from './goods-field-rules';
import { OmittableNotNull, QueryInt } from './request-fields';

export class SaleStatusDto {
  @ApiProperty()
  @IsBoolean()
  onSale: boolean;

  @ApiProperty({ minimum: 1 })
  @Rules.version()
  expectedVersion: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @OmittableNotNull()
  @Rules.reason()
  reason?: string;
}

/** Archive and restore: the version is checked when given. */
export class ArchiveQuery {
  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @QueryInt(1)
  expectedVersion?: number;
}

export class RestoreDto {
  @ApiPropertyOptional({ minimum: 1 })
  @OmittableNotNull()
  @Rules.version()
  expectedVersion?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @OmittableNotNull()
  @Rules.reason()
  reason?: string;
}
