import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { CATEGORY_SLUG, MAX_CATEGORY_SLUG_LENGTH } from '../domain/category-slug';
import { OmittableNotNull, QueryBoolean } from './request-fields';

const NOT_BLANK = /\S/;

export class CreateCategoryDto {
  @ApiProperty({ example: 'Game cards', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ example: 'game-cards', maxLength: MAX_CATEGORY_SLUG_LENGTH })
  @IsString()
  @MaxLength(MAX_CATEGORY_SLUG_LENGTH)
  @Matches(CATEGORY_SLUG, { message: 'slug must be lower-case letters and digits joined by single hyphens' })
  slug: string;

  @ApiPropertyOptional({ default: 0, description: 'Lower comes first' })
  @OmittableNotNull()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  sortOrder = 0;

  @ApiPropertyOptional({ default: true })
  @OmittableNotNull()
  @IsBoolean()
  visible = true;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @OmittableNotNull()
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ maxLength: MAX_CATEGORY_SLUG_LENGTH })
  @OmittableNotNull()
  @IsString()
  @MaxLength(MAX_CATEGORY_SLUG_LENGTH)
  @Matches(CATEGORY_SLUG, { message: 'slug must be lower-case letters and digits joined by single hyphens' })
  slug?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  sortOrder?: number;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsBoolean()
  visible?: boolean;
}

export class AdminCategoryQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  visible?: boolean;
}
