import { Injectable } from '@nestjs/common';
import { AppConfig, publicBaseUrl } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { CommissionStatus } from '../domain/commission-reversal';
import { Commission, CommissionStore } from '../persistence/commission-store';
import { MemberStore, ReferralMember } from '../persistence/member-store';
import { RankStore } from '../persistence/rank-store';
import { TreePathsStore } from '../persistence/tree-paths-store';
import { WalletStore } from '../persistence/wallet-store';

/** What a signed-in member sees of their referrals: their code and link, their team, their commissions and their wallet. */
@Injectable()
export class MemberViews {
  constructor(
    private readonly members: MemberStore,
    private readonly paths: TreePathsStore,
    private readonly commissions: CommissionStore,
    private readonly ranks: RankStore,
    private readonly wallets: WalletStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async team(memberId: string, limit: number, offset: number) {
    const me = await this.members.ensure(memberId, this.clock.now());
    // One after another: inside the request's transaction they share one connection.
    const levels = await this.paths.teamLevels(memberId);
    const direct = await this.members.directMembers(memberId, limit, offset);
    const byStatus = await this.commissions.totalsByStatus(memberId);
    const referrer = me.parentId ? await this.members.byId(me.parentId) : null;
    const rank = me.rankId ? await this.ranks.byId(me.rankId) : null;
    return {
      code: me.code,
      link: this.linkOf(me.code),
      currency: this.config.REFERRAL_CURRENCY,
      referrer: referrer && me.boundAt ? { code: referrer.code, boundAt: me.boundAt.toISOString() } : null,
      rank: rank ? { id: rank.id, name: rank.name } : null,
      team: {
        directCount: me.directCount,
        sizeByLevel: { '1': levels.level1, '2': levels.level2, '3': levels.level3 },
        totalSize: me.teamSize,
        salesMinor: me.teamSalesMinor,
      },
      ownSalesMinor: me.ownSalesMinor,
      commissions: byStatus,
      directMembers: { items: direct.map((m) => this.directView(m)), total: me.directCount, limit, offset },
    };
  }

  async wallet(memberId: string, limit: number, offset: number) {
    const wallet = await this.wallets.find(memberId);
    const ledger = await this.wallets.ledger(memberId, limit, offset);
    return {
      currency: wallet?.currency ?? this.config.REFERRAL_CURRENCY,
      balanceMinor: wallet?.balanceMinor ?? 0,
      debtMinor: wallet?.debtMinor ?? 0,
      ledger: { items: ledger.items.map((e) => ({ ...e, at: e.at.toISOString() })), total: ledger.total, limit, offset },
    };
  }

  async commissionList(memberId: string, status: CommissionStatus | undefined, limit: number, offset: number) {
    const { items, total } = await this.commissions.list({ beneficiaryId: memberId, status }, limit, offset);
    return { items: items.map(commissionView), total, limit, offset };
  }

  /** For finance and support: with the snapshotted beneficiary, buyer and rank. */
  async adminCommissionList(filter: { beneficiaryId?: string; orderId?: string; status?: CommissionStatus }, limit: number, offset: number) {
    const { items, total } = await this.commissions.list(filter, limit, offset);
    return {
      items: items.map((c) => ({ ...commissionView(c), beneficiaryId: c.beneficiaryId, buyerId: c.buyerId, goodsId: c.goodsId, rankId: c.rankId })),
      total,
      limit,
      offset,
    };
  }

  linkOf(code: string): string {
    return `${publicBaseUrl(this.config)}/?ref=${code}`;
  }

  /** Direct members are shown by their referral code: membership's names and contacts stay there. */
  private directView(m: ReferralMember) {
    return {
      code: m.code,
      boundAt: m.boundAt?.toISOString() ?? null,
      directCount: m.directCount,
      teamSize: m.teamSize,
      salesMinor: m.ownSalesMinor,
      teamSalesMinor: m.teamSalesMinor,
    };
  }
}

function commissionView(c: Commission) {
  return {
    id: c.id,
    orderId: c.orderId,
    level: c.level,
    baseMinor: c.baseMinor,
    rateBps: c.rateBps,
    rateSource: c.rateSource,
    amountMinor: c.amountMinor,
    reversedMinor: c.reversedMinor,
    creditedMinor: c.creditedMinor,
    currency: c.currency,
    status: c.status,
    frozenUntil: c.frozenUntil.toISOString(),
    settledAt: c.settledAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}
