import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CategoryEntity } from './category.entity';
import { GoodsEntity } from './goods.entity';

export interface CategoryFilter {
  visible?: boolean;
  limit: number;
  offset: number;
}

/** Categories, read and written in the caller's transaction when there is one. */
@Injectable()
export class CategoryRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(CategoryEntity);
  }

  findById(id: string): Promise<CategoryEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Locks the row until the transaction ends, so a concurrent delete or edit waits. */
  findByIdForUpdate(id: string): Promise<CategoryEntity | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findBySlug(slug: string): Promise<CategoryEntity | null> {
    return this.repo.findOneBy({ slug });
  }

  async insert(category: CategoryEntity): Promise<void> {
    await this.repo.insert(category);
  }

  async save(category: CategoryEntity): Promise<void> {
    await this.repo.save(category);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** True while any goods item (archived ones too) is filed under the category. */
  isUsed(id: string): Promise<boolean> {
    return this.txHost.tx.getRepository(GoodsEntity).existsBy({ categoryId: id });
  }

  list(filter: CategoryFilter): Promise<[CategoryEntity[], number]> {
    return this.repo.findAndCount({
      where: filter.visible === undefined ? {} : { visible: filter.visible },
      order: { sortOrder: 'ASC', name: 'ASC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
  }
}
