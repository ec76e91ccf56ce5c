import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';

export interface VaultSettings {
  goodsId: string;
  /** One key sold any number of times (e.g. a download link). */
  reusable: boolean;
  lowStockThreshold: number;
}

export const DEFAULT_LOW_STOCK_THRESHOLD = 10;

/** How the vault treats a goods item's keys. Goods without a row use the defaults. */
@Injectable()
export class GoodsSettings {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async get(goodsId: string): Promise<VaultSettings> {
    return (await this.getMany([goodsId])).get(goodsId) as VaultSettings;
  }

  async getMany(goodsIds: readonly string[]): Promise<Map<string, VaultSettings>> {
    const rows: Array<{ goods_id: string; reusable: boolean; low_stock_threshold: number }> = await this.txHost.tx.query(
      `SELECT goods_id, reusable, low_stock_threshold FROM card_keys.goods_settings WHERE goods_id = ANY($1::uuid[])`,
      [goodsIds],
    );
    const found = new Map(rows.map((r) => [r.goods_id, r]));
    return new Map(
      goodsIds.map((goodsId) => {
        const row = found.get(goodsId);
        return [
          goodsId,
          {
            goodsId,
            reusable: row?.reusable ?? false,
            lowStockThreshold: row?.low_stock_threshold ?? DEFAULT_LOW_STOCK_THRESHOLD,
          },
        ];
      }),
    );
  }

  async set(settings: VaultSettings): Promise<VaultSettings> {
    await this.txHost.tx.query(
      `INSERT INTO card_keys.goods_settings (goods_id, reusable, low_stock_threshold, updated_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (goods_id) DO UPDATE
         SET reusable = EXCLUDED.reusable, low_stock_threshold = EXCLUDED.low_stock_threshold,
             low_stock_reported = false, updated_at = EXCLUDED.updated_at`,
      [settings.goodsId, settings.reusable, settings.lowStockThreshold, this.clock.now()],
    );
    return settings;
  }
}
