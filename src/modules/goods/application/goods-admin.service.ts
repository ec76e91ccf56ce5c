import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { EndpointPolicy, needsSigningSecret } from '../domain/dynamic-delivery';
import { goodsDefinitionProblems } from '../domain/goods-definition';
import { diffSnapshots, hasChanges } from '../domain/history-diff';
import { CategoryRepository } from '../persistence/category.repository';
import { GoodsHistoryAction } from '../persistence/goods-history.entity';
import { GoodsHistoryRepository } from '../persistence/goods-history.repository';
import { GoodsEntity } from '../persistence/goods.entity';
import { AdminGoodsFilter, GoodsRepository } from '../persistence/goods.repository';
import { isForeignKeyViolation } from '../persistence/pg-errors';
import { GoodsNotFoundError } from '../public/goods.errors';
import {
  DynamicDeliverySecretMissingError,
  GoodsArchivedError,
  GoodsVersionConflictError,
  invalidGoods,
  UnknownCategoryError,
} from './catalogue-errors';
import { GoodsChangeRecorder } from './goods-change-recorder';
import { definedFields, GoodsInput, GoodsPatch, plainBuyerFields, plainDynamicDelivery, plainTiers } from './goods-input';
import { AdminGoodsView, adminGoodsView, goodsSnapshot, historyView } from './goods-views';

interface ChangeOptions {
  /** Checked when given: a stale version is a 409. */
  expectedVersion?: number;
  reason?: string;
  /** Archive and restore act on archived goods; edits do not. */
  allowArchived?: boolean;
  /** Run the definition rules on the result (edits); sale status and archiving cannot break them. */
  validate?: boolean;
}

/**
 * The admin's side of goods: create, edit, put on and off sale, archive, restore. Every change
 * takes effect at once, bumps the version and is recorded (history, audit, events) in its own
 * transaction; nothing is ever deleted.
 */
@Injectable()
export class GoodsAdminService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly goods: GoodsRepository,
    private readonly categories: CategoryRepository,
    private readonly history: GoodsHistoryRepository,
    private readonly recorder: GoodsChangeRecorder,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Merchant URLs on this machine over plain http are for development and tests only. */
  private get endpointPolicy(): EndpointPolicy {
    return { allowLoopbackHttp: this.config.NODE_ENV !== 'production' };
  }

  create(input: GoodsInput): Promise<AdminGoodsView> {
    return this.txHost.withTransaction(async () => {
      const now = this.clock.now();
      const goods = Object.assign(new GoodsEntity(), {
        ...input,
        id: randomUUID(),
        wholesaleTiers: plainTiers(input.wholesaleTiers),
        buyerFields: plainBuyerFields(input.buyerFields),
        dynamicDelivery: plainDynamicDelivery(input.dynamicDelivery),
        version: 1,
        createdAt: now,
        updatedAt: now,
        archivedAt: null,
      } satisfies GoodsEntity);
      const problems = goodsDefinitionProblems(goods, this.endpointPolicy);
      if (problems.length > 0) throw invalidGoods(problems);
      this.requireSigningSecretFor(goods);
      await this.requireCategory(goods.categoryId);
      await this.insertOrExplain(goods);
      await this.recorder.record('created', null, goods, diffSnapshots(null, goodsSnapshot(goods)));
      return adminGoodsView(goods);
    });
  }

  update(id: string, expectedVersion: number, patch: GoodsPatch, reason?: string): Promise<AdminGoodsView> {
    const fields = definedFields(patch);
    return this.change(id, 'updated', () => fields, { expectedVersion, reason, validate: true });
  }

  setSaleStatus(id: string, expectedVersion: number, onSale: boolean, reason?: string): Promise<AdminGoodsView> {
    return this.change(id, 'sale-status-changed', () => ({ onSale }), { expectedVersion, reason });
  }

  /** "Deleting" goods: hidden everywhere and off sale, but kept for the orders that refer to it. */
  archive(id: string, expectedVersion?: number, reason?: string): Promise<AdminGoodsView> {
    const archivedAt = this.clock.now();
    return this.change(id, 'archived', (g) => ({ archivedAt: g.archivedAt ?? archivedAt, onSale: false }), {
      expectedVersion,
      reason,
      allowArchived: true,
    });
  }

  /** Brings archived goods back, off sale: putting it on sale again is a separate, deliberate step. */
  restore(id: string, expectedVersion?: number, reason?: string): Promise<AdminGoodsView> {
    return this.change(id, 'restored', () => ({ archivedAt: null }), { expectedVersion, reason, allowArchived: true });
  }

  async get(id: string): Promise<AdminGoodsView> {
    const goods = await this.goods.findById(id);
    if (!goods) throw new GoodsNotFoundError(id);
    return adminGoodsView(goods);
  }

  async list(filter: AdminGoodsFilter) {
    const [rows, total] = await this.goods.list(filter);
    return { items: rows.map(adminGoodsView), total };
  }

  async historyOf(id: string, page: { limit: number; offset: number }) {
    if (!(await this.goods.findById(id))) throw new GoodsNotFoundError(id);
    const [rows, total] = await this.history.listFor(id, page);
    return { items: rows.map(historyView), total };
  }

  private change(
    id: string,
    action: GoodsHistoryAction,
    mutate: (current: GoodsEntity) => Partial<GoodsEntity>,
    options: ChangeOptions,
  ): Promise<AdminGoodsView> {
    return this.txHost.withTransaction(async () => {
      const current = await this.goods.findByIdForUpdate(id);
      if (!current) throw new GoodsNotFoundError(id);
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
        throw new GoodsVersionConflictError(id, options.expectedVersion, current.version);
      }
      if (current.archivedAt !== null && !options.allowArchived) throw new GoodsArchivedError(id);

      const next = Object.assign(new GoodsEntity(), current, mutate(current));
      if (options.validate) {
        const problems = goodsDefinitionProblems(next, this.endpointPolicy);
        if (problems.length > 0) throw invalidGoods(problems);
      }
      this.requireSigningSecretFor(next);
      const changes = diffSnapshots(goodsSnapshot(current), goodsSnapshot(next));
      if (!hasChanges(changes)) return adminGoodsView(current);
      if ('categoryId' in changes) await this.requireCategory(next.categoryId);

      next.version = current.version + 1;
      next.updatedAt = this.clock.now();
      await this.saveOrExplain(next);
      await this.recorder.record(action, current, next, changes, options.reason ?? null);
      return adminGoodsView(next);
    });
  }

  /** 422 in production for dynamic goods on sale while the shop has no DYNAMIC_DELIVERY_SECRET. */
  private requireSigningSecretFor(goods: GoodsEntity): void {
    if (this.config.NODE_ENV !== 'production' || this.config.DYNAMIC_DELIVERY_SECRET) return;
    if (needsSigningSecret({ ...goods, archived: goods.archivedAt !== null })) throw new DynamicDeliverySecretMissingError(goods.id);
  }

  private async requireCategory(categoryId: string): Promise<void> {
    if (!(await this.categories.findById(categoryId))) throw new UnknownCategoryError(categoryId);
  }

  /** The category may vanish between the check and the write; the foreign key catches that. */
  private async insertOrExplain(goods: GoodsEntity): Promise<void> {
    try {
      await this.goods.insert(goods);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new UnknownCategoryError(goods.categoryId);
      throw error;
    }
  }

  private async saveOrExplain(goods: GoodsEntity): Promise<void> {
    try {
      await this.goods.save(goods);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new UnknownCategoryError(goods.categoryId);
      throw error;
    }
  }
}
