import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { GoodsEntity } from './goods.entity';
import { searchOrderAndPage } from './catalogue-listing';

export interface AdminGoodsFilter {
  categoryId?: string;
  onSale?: boolean;
  /** Part of the title, any case. */
  q?: string;
  /** true: only archived goods; false (default): only live ones. */
  archived: boolean;
  limit: number;
  offset: number;
}

/** Goods rows, read and written in the caller's transaction when there is one. */
@Injectable()
export class GoodsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(GoodsEntity);
  }

  findById(id: string): Promise<GoodsEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Locks the row until the transaction ends: concurrent edits of one goods item run one after another. */
  findByIdForUpdate(id: string): Promise<GoodsEntity | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(goods: GoodsEntity): Promise<void> {
    await this.repo.insert(goods);
  }

  async save(goods: GoodsEntity): Promise<void> {
    await this.repo.save(goods);
  }

  list(filter: AdminGoodsFilter): Promise<[GoodsEntity[], number]> {
    const query = this.repo
      .createQueryBuilder('g')
      .where(filter.archived ? 'g.archivedAt IS NOT NULL' : 'g.archivedAt IS NULL');
    if (filter.categoryId !== undefined) query.andWhere('g.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (filter.onSale !== undefined) query.andWhere('g.onSale = :onSale', { onSale: filter.onSale });
    return searchOrderAndPage(query, filter).getManyAndCount();
  }
}
