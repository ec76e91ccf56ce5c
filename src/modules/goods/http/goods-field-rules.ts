import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BUYER_FIELD_KEY, MAX_BUYER_FIELD_KEY_LENGTH, MAX_BUYER_FIELD_LABEL_LENGTH, MAX_BUYER_FIELDS } from '../domain/buyer-fields';
import {
  DYNAMIC_TIMEOUT_DEFAULT_MS,
  DYNAMIC_TIMEOUT_MAX_MS,
  DYNAMIC_TIMEOUT_MIN_MS,
  DYNAMIC_URL_MAX_LENGTH,
} from '../domain/dynamic-delivery';
import { CURRENCY_CODE } from '../domain/goods-definition';
import { MAX_WHOLESALE_TIERS } from '../domain/wholesale-tiers';
import {
  BUYER_FIELD_TYPES,
  BuyerField,
  BuyerFieldType,
  DELIVERY_TYPES,
  DynamicDeliverySettings,
  WholesaleTier,
} from '../public/goods.contracts';
import { MAX_INT4 } from './request-fields';

/**
 * The checks of each goods field, shared by create and edit. They check one field at a time;
 * the rules across fields (tiers against the price, min against max, buyer fields on manual goods
 * only) are the domain's, run on the whole goods item after the edit.
 */
export class WholesaleTierDto implements WholesaleTier {
  @ApiProperty({ minimum: 2, example: 10 })
  @IsInt()
  @Min(2)
  @Max(MAX_INT4)
  minQuantity: number;

  @ApiProperty({ minimum: 0, example: 950, description: 'Price of one unit from minQuantity on, minor units' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  unitPriceMinor: number;
}

export class BuyerFieldDto implements BuyerField {
  @ApiProperty({ example: 'game_account', maxLength: MAX_BUYER_FIELD_KEY_LENGTH })
  @IsString()
  @MaxLength(MAX_BUYER_FIELD_KEY_LENGTH)
  @Matches(BUYER_FIELD_KEY, { message: 'key must be a slug of lower-case letters and digits joined by - or _' })
  key: string;

  @ApiProperty({ example: 'Game account', maxLength: MAX_BUYER_FIELD_LABEL_LENGTH })
  @IsString()
  @Length(1, MAX_BUYER_FIELD_LABEL_LENGTH)
  @Matches(/\S/, { message: 'label must not be blank' })
  label: string;

  @ApiProperty({ enum: BUYER_FIELD_TYPES })
  @IsIn(BUYER_FIELD_TYPES)
  type: BuyerFieldType;

  @ApiProperty()
  @IsBoolean()
  required: boolean;
}

/** The merchant endpoint of dynamic goods (the scheme and host rules are the domain's). */
export class DynamicDeliveryDto implements DynamicDeliverySettings {
  @ApiProperty({ example: 'https://merchant.example.com/card-shop/deliver', maxLength: DYNAMIC_URL_MAX_LENGTH })
  @IsString()
  @MaxLength(DYNAMIC_URL_MAX_LENGTH)
  url: string;

  @ApiProperty({ required: false, minimum: DYNAMIC_TIMEOUT_MIN_MS, maximum: DYNAMIC_TIMEOUT_MAX_MS, default: DYNAMIC_TIMEOUT_DEFAULT_MS })
  @IsInt()
  @Min(DYNAMIC_TIMEOUT_MIN_MS)
  @Max(DYNAMIC_TIMEOUT_MAX_MS)
  timeoutMs: number = DYNAMIC_TIMEOUT_DEFAULT_MS;
}

export const Rules = {
  categoryId: () => IsUUID(),
  title: () => applyDecorators(IsString(), Length(1, 200), Matches(/\S/, { message: 'title must not be blank' })),
  description: () => applyDecorators(IsString(), MaxLength(50_000)),
  priceMinor: () => applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER)),
  currency: () =>
    applyDecorators(IsString(), Matches(CURRENCY_CODE, { message: 'currency must be an ISO 4217 code of 3 upper-case letters' })),
  onSale: () => IsBoolean(),
  deliveryType: () => IsIn(DELIVERY_TYPES),
  perOrder: () => applyDecorators(IsInt(), Min(1), Max(MAX_INT4)),
  wholesaleTiers: () =>
    applyDecorators(IsArray(), ArrayMaxSize(MAX_WHOLESALE_TIERS), ValidateNested({ each: true }), Type(() => WholesaleTierDto)),
  buyerFields: () =>
    applyDecorators(IsArray(), ArrayMaxSize(MAX_BUYER_FIELDS), ValidateNested({ each: true }), Type(() => BuyerFieldDto)),
  dynamicDelivery: () => applyDecorators(IsObject(), ValidateNested(), Type(() => DynamicDeliveryDto)),
  sortOrder: () => applyDecorators(IsInt(), Min(-1_000_000), Max(1_000_000)),
  reason: () => applyDecorators(IsString(), Length(1, 500)),
  version: () => applyDecorators(IsInt(), Min(1), Max(MAX_INT4)),
};
