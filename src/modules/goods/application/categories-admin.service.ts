import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { CategoryEntity } from '../persistence/category.entity';
import { CategoryFilter, CategoryRepository } from '../persistence/category.repository';
import { isForeignKeyViolation, isUniqueViolation } from '../persistence/pg-errors';
import { CategoryInUseError, CategoryNotFoundError, CategorySlugTakenError } from './catalogue-errors';
import { categoryView } from './goods-views';

export interface CategoryInput {
  name: string;
  slug: string;
  sortOrder: number;
  visible: boolean;
}

export type CategoryPatch = { [K in keyof CategoryInput]?: CategoryInput[K] };

/** Categories as the admin manages them. A category with goods cannot be deleted, only hidden. */
@Injectable()
export class CategoriesAdminService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly categories: CategoryRepository,
    private readonly clock: Clock,
  ) {}

  create(input: CategoryInput) {
    return this.txHost.withTransaction(async () => {
      if (await this.categories.findBySlug(input.slug)) throw new CategorySlugTakenError(input.slug);
      const now = this.clock.now();
      const category = Object.assign(new CategoryEntity(), {
        id: randomUUID(),
        name: input.name,
        slug: input.slug,
        sortOrder: input.sortOrder,
        visible: input.visible,
        createdAt: now,
        updatedAt: now,
      } satisfies CategoryEntity);
      await this.writeOrExplain(category, () => this.categories.insert(category));
      return categoryView(category);
    });
  }

  async list(filter: CategoryFilter) {
    const [rows, total] = await this.categories.list(filter);
    return { items: rows.map(categoryView), total };
  }

  async get(id: string) {
    const category = await this.categories.findById(id);
    if (!category) throw new CategoryNotFoundError(id);
    return categoryView(category);
  }

  update(id: string, patch: CategoryPatch) {
    return this.txHost.withTransaction(async () => {
      const category = await this.categories.findByIdForUpdate(id);
      if (!category) throw new CategoryNotFoundError(id);
      if (patch.slug !== undefined && patch.slug !== category.slug && (await this.categories.findBySlug(patch.slug))) {
        throw new CategorySlugTakenError(patch.slug);
      }
      for (const key of ['name', 'slug', 'sortOrder', 'visible'] as const) {
        if (patch[key] !== undefined) Object.assign(category, { [key]: patch[key] });
      }
      category.updatedAt = this.clock.now();
      await this.writeOrExplain(category, () => this.categories.save(category));
      return categoryView(category);
    });
  }

  delete(id: string): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const category = await this.categories.findByIdForUpdate(id);
      if (!category) throw new CategoryNotFoundError(id);
      if (await this.categories.isUsed(id)) throw new CategoryInUseError(id);
      try {
        await this.categories.delete(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new CategoryInUseError(id);
        throw error;
      }
    });
  }

  /** Two admins may pick the same slug at once; the unique index decides and the loser gets a 409. */
  private async writeOrExplain(category: CategoryEntity, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (isUniqueViolation(error, 'categories_slug_uq')) throw new CategorySlugTakenError(category.slug);
      throw error;
    }
  }
}
