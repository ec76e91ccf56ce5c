import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { MAX_COMMISSION_LEVELS, rateProblems } from '../domain/commission-plan';
import { GoodsRates, RatesStore } from '../persistence/rates-store';

const goodsRatesView = (g: GoodsRates) => ({ goodsId: g.goodsId, rateBpsByLevel: g.rateBpsByLevel, updatedAt: g.updatedAt.toISOString() });

/**
 * Commission rates (role finance: they move money): how many levels earn, the default rate of each
 * level, and per-goods overrides. Changes apply to orders paid from then on; commissions already
 * recorded keep the rates they were recorded with. Audited.
 */
@Injectable()
export class RatesAdmin {
  constructor(
    private readonly store: RatesStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async settings() {
    const s = await this.store.settings();
    return { levels: s.levels, rateBpsByLevel: s.rateBpsByLevel, maxLevels: MAX_COMMISSION_LEVELS, updatedAt: s.updatedAt.toISOString() };
  }

  async saveSettings(levels: number, rateBpsByLevel: number[]) {
    const problems = rateProblems(rateBpsByLevel, levels);
    if (problems.length > 0) throw new ValidationError(`Invalid rates: ${problems.join('; ')}`, [{ field: 'rateBpsByLevel', problems }]);
    const before = await this.store.settings(true);
    await this.store.saveSettings(levels, rateBpsByLevel, this.clock.now());
    await this.audit.record({
      action: 'referrals.settings.update',
      targetType: 'referral-settings',
      targetId: 'settings',
      details: { from: { levels: before.levels, rateBpsByLevel: before.rateBpsByLevel }, to: { levels, rateBpsByLevel } },
    });
    return this.settings();
  }

  async listGoodsRates(limit: number, offset: number) {
    const { items, total } = await this.store.listGoodsRates(limit, offset);
    return { items: items.map(goodsRatesView), total, limit, offset };
  }

  async saveGoodsRates(goodsId: string, rateBpsByLevel: number[]) {
    const problems = rateProblems(rateBpsByLevel);
    if (problems.length > 0) throw new ValidationError(`Invalid rates: ${problems.join('; ')}`, [{ field: 'rateBpsByLevel', problems }]);
    const before = await this.store.goodsRates(goodsId);
    await this.store.saveGoodsRates(goodsId, rateBpsByLevel, this.clock.now());
    await this.audit.record({
      action: 'referrals.goods-rates.set',
      targetType: 'goods',
      targetId: goodsId,
      details: { from: before?.rateBpsByLevel ?? null, to: rateBpsByLevel },
    });
    return goodsRatesView((await this.store.goodsRates(goodsId)) as GoodsRates);
  }

  async deleteGoodsRates(goodsId: string) {
    const before = await this.store.goodsRates(goodsId);
    if (!before || !(await this.store.deleteGoodsRates(goodsId))) throw new NotFoundError(`Goods ${goodsId} has no rates of its own`, 'goods_rates_not_found');
    await this.audit.record({ action: 'referrals.goods-rates.delete', targetType: 'goods', targetId: goodsId, details: { from: before.rateBpsByLevel } });
  }
}
