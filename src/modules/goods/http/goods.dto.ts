import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DELIVERY_TYPES, DeliveryType } from '../public/goods.contracts';
import { BuyerFieldDto, DynamicDeliveryDto, Rules, WholesaleTierDto } from './goods-field-rules';
import { OmittableNotNull } from './request-fields';

export class CreateGoodsDto {
  @ApiProperty({ format: 'uuid' })
  @Rules.categoryId()
  categoryId: string;

  @ApiProperty({ maxLength: 200, example: 'Steam wallet code 100 CNY' })
  @Rules.title()
  title: string;

  @ApiPropertyOptional({ description: 'Markdown', maxLength: 50_000, default: '' })
  @OmittableNotNull()
  @Rules.description()
  description = '';

  @ApiProperty({ minimum: 0, example: 10000, description: 'Base price of one unit in minor units (fen, cents)' })
  @Rules.priceMinor()
  priceMinor: number;

  @ApiProperty({ example: 'CNY', description: 'ISO 4217, 3 upper-case letters' })
  @Rules.currency()
  currency: string;

  @ApiPropertyOptional({ default: false })
  @OmittableNotNull()
  @Rules.onSale()
  onSale = false;

  @ApiProperty({
    enum: DELIVERY_TYPES,
    description: "auto: card keys from the vault; manual: the merchant delivers; dynamic: the shop asks the merchant's URL (dynamicDelivery) for the items when the order is paid",
  })
  @Rules.deliveryType()
  deliveryType: DeliveryType;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @OmittableNotNull()
  @Rules.perOrder()
  minPerOrder = 1;

  @ApiPropertyOptional({ type: Number, minimum: 1, nullable: true, default: null, description: 'null: no limit' })
  @IsOptional()
  @Rules.perOrder()
  maxPerOrder: number | null = null;

  @ApiPropertyOptional({ type: [WholesaleTierDto], default: [] })
  @OmittableNotNull()
  @Rules.wholesaleTiers()
  wholesaleTiers: WholesaleTierDto[] = [];

  @ApiPropertyOptional({ type: [BuyerFieldDto], default: [], description: 'Only for deliveryType manual' })
  @OmittableNotNull()
  @Rules.buyerFields()
  buyerFields: BuyerFieldDto[] = [];

  @ApiPropertyOptional({ type: DynamicDeliveryDto, nullable: true, default: null, description: 'Required for deliveryType dynamic, only for it' })
  @IsOptional()
  @Rules.dynamicDelivery()
  dynamicDelivery: DynamicDeliveryDto | null = null;

  @ApiPropertyOptional({ default: 0, description: 'Lower comes first in the storefront' })
  @OmittableNotNull()
  @Rules.sortOrder()
  sortOrder = 0;
}

/** An edit: fields left out stay as they are. */
export class UpdateGoodsDto {
  @ApiProperty({ minimum: 1, description: 'The version the edit was made on; a stale one is a 409 goods_version_conflict' })
  @Rules.version()
  expectedVersion: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why (kept in the history and, for price changes, the audit log)' })
  @OmittableNotNull()
  @Rules.reason()
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OmittableNotNull()
  @Rules.categoryId()
  categoryId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OmittableNotNull()
  @Rules.title()
  title?: string;

  @ApiPropertyOptional({ description: 'Markdown', maxLength: 50_000 })
  @OmittableNotNull()
  @Rules.description()
  description?: string;

  @ApiPropertyOptional({ minimum: 0 })
  @OmittableNotNull()
  @Rules.priceMinor()
  priceMinor?: number;

  @ApiPropertyOptional({ example: 'CNY' })
  @OmittableNotNull()
  @Rules.currency()
  currency?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @Rules.onSale()
  onSale?: boolean;

  @ApiPropertyOptional({ enum: DELIVERY_TYPES })
  @OmittableNotNull()
  @Rules.deliveryType()
  deliveryType?: DeliveryType;

  @ApiPropertyOptional({ minimum: 1 })
  @OmittableNotNull()
  @Rules.perOrder()
  minPerOrder?: number;

  @ApiPropertyOptional({ type: Number, minimum: 1, nullable: true, description: 'null removes the limit' })
  @IsOptional()
  @Rules.perOrder()
  maxPerOrder?: number | null;

  @ApiPropertyOptional({ type: [WholesaleTierDto] })
  @OmittableNotNull()
  @Rules.wholesaleTiers()
  wholesaleTiers?: WholesaleTierDto[];

  @ApiPropertyOptional({ type: [BuyerFieldDto] })
  @OmittableNotNull()
  @Rules.buyerFields()
  buyerFields?: BuyerFieldDto[];

  @ApiPropertyOptional({ type: DynamicDeliveryDto, nullable: true, description: 'null removes it (when leaving deliveryType dynamic)' })
  @IsOptional()
  @Rules.dynamicDelivery()
  dynamicDelivery?: DynamicDeliveryDto | null;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @Rules.sortOrder()
  sortOrder?: number;
}
