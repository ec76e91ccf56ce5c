import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { affectedOf } from '../../../platform/database/sql-result';

export interface ReferralSettings {
  levels: number;
  rateBpsByLevel: number[];
  updatedAt: Date;
}

export interface GoodsRates {
  goodsId: string;
  rateBpsByLevel: number[];
  updatedAt: Date;
}

/** The commission settings (one row) and the per-goods rate overrides. */
@Injectable()
export class RatesStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async settings(lock = false): Promise<ReferralSettings> {
    const [row]: Array<{ levels: number; rate_bps_by_level: number[]; updated_at: Date }> = await this.txHost.tx.query(
      `SELECT levels, rate_bps_by_level, updated_at FROM referrals.settings WHERE id = 1${lock ? ' FOR NO KEY UPDATE' : ''}`,
    );
    return { levels: row.levels, rateBpsByLevel: row.rate_bps_by_level, updatedAt: row.updated_at };
  }

  async saveSettings(levels: number, rateBpsByLevel: number[], now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.settings SET levels = $1, rate_bps_by_level = $2, updated_at = $3 WHERE id = 1`, [
      levels,
      rateBpsByLevel,
      now,
    ]);
  }

  async goodsRates(goodsId: string): Promise<GoodsRates | null> {
    const rows: Array<{ goods_id: string; rate_bps_by_level: number[]; updated_at: Date }> = await this.txHost.tx.query(
      `SELECT goods_id, rate_bps_by_level, updated_at FROM referrals.goods_rates WHERE goods_id = $1`,
      [goodsId],
    );
    return rows[0] ? { goodsId: rows[0].goods_id, rateBpsByLevel: rows[0].rate_bps_by_level, updatedAt: rows[0].updated_at } : null;
  }

  async listGoodsRates(limit: number, offset: number): Promise<{ items: GoodsRates[]; total: number }> {
    const rows: Array<{ goods_id: string; rate_bps_by_level: number[]; updated_at: Date; total: number }> = await this.txHost.tx.query(
      `SELECT goods_id, rate_bps_by_level, updated_at, count(*) OVER ()::int AS total FROM referrals.goods_rates
        ORDER BY updated_at DESC, goods_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return {
      items: rows.map((r) => ({ goodsId: r.goods_id, rateBpsByLevel: r.rate_bps_by_level, updatedAt: r.updated_at })),
      total: rows[0]?.total ?? 0,
    };
  }

  async saveGoodsRates(goodsId: string, rateBpsByLevel: number[], now: Date): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO referrals.goods_rates (goods_id, rate_bps_by_level, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (goods_id) DO UPDATE SET rate_bps_by_level = EXCLUDED.rate_bps_by_level, updated_at = EXCLUDED.updated_at`,
      [goodsId, rateBpsByLevel, now],
    );
  }

  /** Returns whether there was an override to remove. */
  async deleteGoodsRates(goodsId: string): Promise<boolean> {
    return affectedOf(await this.txHost.tx.query(`DELETE FROM referrals.goods_rates WHERE goods_id = $1`, [goodsId])) > 0;
  }
}

