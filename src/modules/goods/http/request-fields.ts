import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';

export const MAX_INT4 = 2_147_483_647;

/**
 * The field may be left out, but when given it must be valid: unlike `@IsOptional()`, an explicit
 * null is refused (it would otherwise slip past every other check).
 */
export const OmittableNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** `?flag=true|false` in a query string (anything else is left for IsBoolean to refuse). */
export const QueryBoolean = () =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

/** `?n=` in a query string as an integer. */
export const QueryInt = (min: number) => applyDecorators(Type(() => Number), IsInt(), Min(min), Max(MAX_INT4));

export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
