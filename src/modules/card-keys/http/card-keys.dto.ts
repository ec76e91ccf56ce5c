import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';

export class GoodsIdParam {
  @IsUUID()
  goodsId: string;
}

export class BatchIdParam {
  @IsUUID()
  batchId: string;
}

export class KeyIdParam {
  @IsUUID()
  keyId: string;
}

export class JsonImportBody {
  @ApiProperty({ type: [String], description: 'Up to 50,000 keys; for more, upload a text file' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @IsString({ each: true })
  @MaxLength(4096, { each: true })
  keys: string[];
}

export class KeyListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['available', 'reserved', 'sold', 'defective', 'void'] })
  @IsOptional()
  @IsIn(['available', 'reserved', 'sold', 'defective', 'void'])
  status?: string;
}

export class RevealBody {
  @ApiProperty({ type: [String] })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  keyIds: string[];

  @ApiProperty({ description: 'Why the keys are revealed (kept in the audit log)' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class ExportQuery {
  @ApiProperty({ enum: ['available', 'reserved', 'sold', 'defective', 'void'] })
  @IsIn(['available', 'reserved', 'sold', 'defective', 'void'])
  status: string;

  @ApiProperty({ description: 'Why the keys are exported (kept in the audit log)' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class ReasonBody {
  @ApiProperty()
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class SettingsBody {
  @ApiProperty({ description: 'Sell one key any number of times (e.g. a download link)' })
  @IsBoolean()
  reusable: boolean;

  @ApiProperty({ minimum: 0, maximum: 1_000_000 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  lowStockThreshold: number;
}
