import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { currentActor } from '../../../platform/auth/actor';
import { EventOutbox } from '../../../platform/events';
import type { FieldChanges } from '../domain/history-diff';
import { GoodsHistoryAction, GoodsHistoryEntity } from '../persistence/goods-history.entity';
import { GoodsHistoryRepository } from '../persistence/goods-history.repository';
import { GoodsEntity } from '../persistence/goods.entity';
import { GoodsPriceChangedV1, GoodsSaleStatusChangedV1 } from '../public/goods.events';

const PRICE_FIELDS = ['priceMinor', 'currency', 'wholesaleTiers'];

/**
 * Writes what a change of a goods item leaves behind, in the transaction of the change itself:
 * the history row (who, when, field diff), an audit entry when prices changed, and the
 * integration events (price changed, sale status changed).
 */
@Injectable()
export class GoodsChangeRecorder {
  constructor(
    private readonly history: GoodsHistoryRepository,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
    private readonly cls: ClsService,
  ) {}

  /** `after` is the saved state (its version and updatedAt already set); `before` is null on create. */
  async record(
    action: GoodsHistoryAction,
    before: GoodsEntity | null,
    after: GoodsEntity,
    changes: FieldChanges,
    reason: string | null = null,
  ): Promise<void> {
    const actor = currentActor(this.cls);
    const entry = Object.assign(new GoodsHistoryEntity(), {
      id: randomUUID(),
      goodsId: after.id,
      version: after.version,
      action,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      reason,
      requestId: this.cls.isActive() ? (this.cls.getId() ?? null) : null,
      at: after.updatedAt,
      changes,
    });
    await this.history.append(entry);

    const changedAt = after.updatedAt.toISOString();
    const events: object[] = [];
    if (before && PRICE_FIELDS.some((field) => field in changes)) {
      await this.audit.record({
        action: 'goods.price-changed',
        targetType: 'goods',
        targetId: after.id,
        reason: reason ?? undefined,
        details: {
          version: after.version,
          from: { priceMinor: before.priceMinor, currency: before.currency, wholesaleTiers: before.wholesaleTiers },
          to: { priceMinor: after.priceMinor, currency: after.currency, wholesaleTiers: after.wholesaleTiers },
        },
      });
      if ('priceMinor' in changes || 'currency' in changes) {
        events.push(new GoodsPriceChangedV1(after.id, before.priceMinor, after.priceMinor, after.currency, changedAt));
      }
    }
    const saleStatusChanged = before ? 'onSale' in changes || 'archived' in changes : after.onSale;
    if (saleStatusChanged) {
      events.push(new GoodsSaleStatusChangedV1(after.id, after.onSale, after.archivedAt !== null, changedAt));
    }
    if (events.length > 0) await this.outbox.publish(...events);
  }
}
