import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BuyerField, DeliveryType, DynamicDeliverySettings, WholesaleTier } from '../public/goods.contracts';
import { bigintAsNumber } from './column-transformers';

@Entity({ schema: 'goods', name: 'goods' })
export class GoodsEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'category_id' })
  categoryId: string;

  @Column('text')
  title: string;

  /** Markdown. */
  @Column('text')
  description: string;

  /** Base price of one unit, in minor units of `currency`. */
  @Column('bigint', { name: 'price_minor', transformer: bigintAsNumber })
  priceMinor: number;

  @Column('text')
  currency: string;

  @Column('boolean', { name: 'on_sale' })
  onSale: boolean;

  @Column('text', { name: 'delivery_type' })
  deliveryType: DeliveryType;

  @Column('integer', { name: 'min_per_order' })
  minPerOrder: number;

  @Column('integer', { name: 'max_per_order', nullable: true })
  maxPerOrder: number | null;

  @Column('jsonb', { name: 'wholesale_tiers' })
  wholesaleTiers: WholesaleTier[];

  @Column('jsonb', { name: 'buyer_fields' })
  buyerFields: BuyerField[];

  @Column('integer', { name: 'sort_order' })
  sortOrder: number;

  /** The merchant endpoint of dynamic goods; null for the others. */
  @Column('jsonb', { name: 'dynamic_delivery', nullable: true })
  dynamicDelivery: DynamicDeliverySettings | null;

  /** Starts at 1 and goes up by one with every change; edits name the version they were made on. */
  @Column('integer')
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  /** Set when the goods item was deleted: it is kept (orders refer to it) but hidden everywhere. */
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt: Date | null;
}
