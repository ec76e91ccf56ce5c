import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import type { OrderPaidV1 } from '../../orders/events';
import { planCommissions, UplineMember } from '../domain/commission-plan';
import { CommissionStore } from '../persistence/commission-store';
import { MemberStore } from '../persistence/member-store';
import { RankStore } from '../persistence/rank-store';
import { RatesStore } from '../persistence/rates-store';
import { SaleStore } from '../persistence/sale-store';
import { TreePathsStore } from '../persistence/tree-paths-store';
import { RankKeeper } from './rank-keeper';
import { TreeLock } from './tree-lock';

const DAY_MS = 86_400_000;

/**
 * A member's order was paid: the sale is recorded, the buyer's upline (up to the configured levels,
 * never more than 3) earns frozen commissions on the amount actually paid, and the sale counts in
 * the team sales of every ancestor. The upline and the rates are written on the commission rows as
 * they are now; ranks are those held before this sale (a sale that lifts a member's rank earns at
 * the old rate; the next ones at the new). Guests' orders are not recorded.
 */
@Injectable()
export class SaleRecording {
  constructor(
    private readonly lock: TreeLock,
    private readonly members: MemberStore,
    private readonly paths: TreePathsStore,
    private readonly sales: SaleStore,
    private readonly commissions: CommissionStore,
    private readonly rates: RatesStore,
    private readonly ranks: RankStore,
    private readonly rankKeeper: RankKeeper,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async record(event: OrderPaidV1): Promise<void> {
    if (!event.memberId) return;
    await this.lock.shared();
    const now = this.clock.now();
    const buyer = await this.members.ensure(event.memberId, now);
    const counted = event.currency === this.config.REFERRAL_CURRENCY;
    const paidAt = new Date(event.paidAt);
    const fresh = await this.sales.insert(
      {
        orderId: event.orderId,
        orderNo: event.orderNo,
        buyerId: buyer.memberId,
        goodsId: event.goodsId,
        paidMinor: event.amountMinor,
        refundedMinor: 0,
        currency: event.currency,
        counted,
        paidAt,
      },
      now,
    );
    if (!fresh || !counted || event.amountMinor === 0) return;

    const ancestors = await this.paths.ancestorsOf(buyer.memberId);
    await this.members.lockMany([buyer.memberId, ...ancestors]);

    const settings = await this.rates.settings();
    const goodsRates = await this.rates.goodsRates(event.goodsId);
    const upline = await this.uplineOf(ancestors.slice(0, settings.levels));
    const planned = planCommissions({
      amountPaidMinor: event.amountMinor,
      levels: settings.levels,
      defaultRateBps: settings.rateBpsByLevel,
      goodsRateBps: goodsRates?.rateBpsByLevel ?? null,
      upline,
    });
    const frozenUntil = new Date(paidAt.getTime() + this.config.REFERRAL_REFUND_WINDOW_DAYS * DAY_MS);
    await this.commissions.insertMany(
      planned.map((p) => ({
        id: randomUUID(),
        orderId: event.orderId,
        level: p.level,
        beneficiaryId: p.beneficiaryId,
        buyerId: buyer.memberId,
        goodsId: event.goodsId,
        baseMinor: event.amountMinor,
        rateBps: p.rateBps,
        rateSource: p.rateSource,
        rankId: p.rankId,
        amountMinor: p.amountMinor,
        reversedMinor: 0,
        creditedMinor: 0,
        currency: event.currency,
        status: 'frozen' as const,
        frozenUntil,
        settledAt: null,
        createdAt: now,
      })),
    );

    await this.members.addOwnSales(buyer.memberId, event.amountMinor);
    await this.members.addTeam(ancestors, 0, event.amountMinor);
    await this.rankKeeper.recompute(ancestors);
  }

  /** The nearest ancestors with the rates of the rank each holds now. */
  private async uplineOf(ids: string[]): Promise<UplineMember[]> {
    const rows = await this.members.byIds(ids);
    const ranks = new Map((await this.ranks.all()).map((r) => [r.id, r]));
    return ids.map((id) => {
      const rankId = rows.find((m) => m.memberId === id)?.rankId ?? null;
      const rank = rankId ? ranks.get(rankId) : undefined;
      return { memberId: id, rank: rank ? { rankId: rank.id, rateBpsByLevel: rank.rateBpsByLevel } : null };
    });
  }
}
