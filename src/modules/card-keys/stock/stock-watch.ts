import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import type { StockLevel } from '../public/card-keys.contracts';
import { StockLowV1 } from '../public/card-keys.events';
import { GoodsSettings } from './goods-settings';

/** Stock figures and the low-stock report (once per dip below the threshold). */
@Injectable()
export class StockWatch {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly settings: GoodsSettings,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async levels(goodsIds: readonly string[]): Promise<Map<string, StockLevel>> {
    const unique = [...new Set(goodsIds)];
    if (unique.length === 0) return new Map();
    const rows: Array<{ goods_id: string; available: number }> = await this.txHost.tx.query(
      `SELECT goods_id, count(*)::int AS available FROM card_keys.keys
        WHERE goods_id = ANY($1::uuid[]) AND status = 'available' GROUP BY goods_id`,
      [unique],
    );
    const counts = new Map(rows.map((r) => [r.goods_id, r.available]));
    const settings = await this.settings.getMany(unique);
    return new Map(
      unique.map((goodsId) => {
        const available = counts.get(goodsId) ?? 0;
        const reusable = settings.get(goodsId)?.reusable ?? false;
        return [goodsId, { goodsId, available: reusable && available > 0 ? null : available }];
      }),
    );
  }

  async countsByStatus(goodsId: string): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: number }> = await this.txHost.tx.query(
      `SELECT status, count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1 GROUP BY status`,
      [goodsId],
    );
    const counts: Record<string, number> = { available: 0, reserved: 0, sold: 0, defective: 0, void: 0 };
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /**
   * After stock went down: reports low stock once when the available count is at or below the
   * threshold. Counting stops at threshold + 1, so this stays cheap for large stocks.
   */
  async reportIfLow(goodsId: string): Promise<void> {
    const { lowStockThreshold, reusable } = await this.settings.get(goodsId);
    if (reusable) return;
    const [{ available }] = (await this.txHost.tx.query(
      `SELECT count(*)::int AS available FROM (
         SELECT 1 FROM card_keys.keys WHERE goods_id = $1 AND status = 'available' LIMIT $2) s`,
      [goodsId, lowStockThreshold + 1],
    )) as [{ available: number }];
    if (available > lowStockThreshold) return;
    const [claimed] = (await this.txHost.tx.query(
      `INSERT INTO card_keys.goods_settings (goods_id, low_stock_threshold, low_stock_reported, updated_at)
       VALUES ($1, $2, true, $3)
       ON CONFLICT (goods_id) DO UPDATE SET low_stock_reported = true
         WHERE card_keys.goods_settings.low_stock_reported = false
       RETURNING goods_id`,
      [goodsId, lowStockThreshold, this.clock.now()],
    )) as unknown[];
    if (claimed) await this.outbox.publish(new StockLowV1(goodsId, available, lowStockThreshold));
  }

  /** After stock went up: the next dip below the threshold is reported again. */
  async rearmLowStockReport(goodsId: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE card_keys.goods_settings s SET low_stock_reported = false
        WHERE s.goods_id = $1 AND s.low_stock_reported
          AND (SELECT count(*) FROM (SELECT 1 FROM card_keys.keys k
                WHERE k.goods_id = $1 AND k.status = 'available' LIMIT s.low_stock_threshold + 1) x) > s.low_stock_threshold`,
      [goodsId],
    );
  }
}
