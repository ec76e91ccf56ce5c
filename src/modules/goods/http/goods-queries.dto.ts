import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { QueryBoolean } from './request-fields';

export class AdminGoodsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  onSale?: boolean;

  @ApiPropertyOptional({ description: 'Part of the title, any case' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'true: only archived goods; false: only live ones' })
  @IsOptional()
  @QueryBoolean()
  archived = false;
}

export class StorefrontGoodsQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: 'Category slug', example: 'game-cards' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  category?: string;

  @ApiPropertyOptional({ description: 'Part of the title, any case' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}
