import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'goods', name: 'categories' })
export class CategoryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Unique; the storefront filters by it (`/api/goods?category=gift-cards`). */
  @Column('text')
  slug: string;

  @Column('integer', { name: 'sort_order' })
  sortOrder: number;

  /** Hidden categories and their goods do not show in the storefront. */
  @Column('boolean')
  visible: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
