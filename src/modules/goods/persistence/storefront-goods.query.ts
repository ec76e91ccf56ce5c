import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CategoryEntity } from './category.entity';
import { GoodsEntity } from './goods.entity';
import { searchOrderAndPage } from './catalogue-listing';

export interface StorefrontGoodsFilter {
  categoryId?: string;
  categorySlug?: string;
  /** Part of the title, any case (served by the trigram index on title). */
  q?: string;
  limit: number;
  offset: number;
}

/**
 * What buyers may see: goods on sale, not archived, in a visible category. The partial indexes of
 * the goods migration cover exactly this predicate and the sort order.
 */
@Injectable()
export class StorefrontGoodsQuery {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private visibleGoods() {
    return this.txHost.tx
      .getRepository(GoodsEntity)
      .createQueryBuilder('g')
      .innerJoin(CategoryEntity, 'c', 'c.id = g.categoryId AND c.visible = true')
      .where('g.onSale = true')
      .andWhere('g.archivedAt IS NULL');
  }

  list(filter: StorefrontGoodsFilter): Promise<[GoodsEntity[], number]> {
    const query = this.visibleGoods();
    if (filter.categoryId !== undefined) query.andWhere('g.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (filter.categorySlug !== undefined) query.andWhere('c.slug = :slug', { slug: filter.categorySlug });
    return searchOrderAndPage(query, filter).getManyAndCount();
  }

  findVisible(id: string): Promise<GoodsEntity | null> {
    return this.visibleGoods().andWhere('g.id = :id', { id }).getOne();
  }

  visibleCategories(page: { limit: number; offset: number }): Promise<[CategoryEntity[], number]> {
    return this.txHost.tx.getRepository(CategoryEntity).findAndCount({
      where: { visible: true },
      order: { sortOrder: 'ASC', name: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }
}
