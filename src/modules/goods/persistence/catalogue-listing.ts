import type { SelectQueryBuilder } from 'typeorm';
import type { GoodsEntity } from './goods.entity';
import { containsPattern } from './like-pattern';

/**
 * What the admin and storefront listings share: the title search, the catalogue order
 * (sort order, then title, then id so pages never overlap) and the page window.
 */
export function searchOrderAndPage(
  query: SelectQueryBuilder<GoodsEntity>,
  filter: { q?: string; limit: number; offset: number },
): SelectQueryBuilder<GoodsEntity> {
  if (filter.q) query.andWhere(`g.title ILIKE :pattern ESCAPE '\\'`, { pattern: containsPattern(filter.q) });
  return query
    .orderBy('g.sortOrder', 'ASC')
    .addOrderBy('g.title', 'ASC')
    .addOrderBy('g.id', 'ASC')
    .limit(filter.limit)
    .offset(filter.offset);
}
