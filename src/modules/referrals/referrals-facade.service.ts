import { Injectable } from '@nestjs/common';
import { MemberStore } from './persistence/member-store';
import { RankStore } from './persistence/rank-store';
import { WalletStore } from './persistence/wallet-store';
import type { ReferralSummary } from './public/referrals.contracts';
import { ReferralsFacade } from './public/referrals.facade';

@Injectable()
export class ReferralsFacadeService extends ReferralsFacade {
  constructor(
    private readonly members: MemberStore,
    private readonly ranks: RankStore,
    private readonly wallets: WalletStore,
  ) {
    super();
  }

  async summaryOf(memberId: string): Promise<ReferralSummary | null> {
    const m = await this.members.byId(memberId);
    if (!m) return null;
    const rank = m.rankId ? await this.ranks.byId(m.rankId) : null;
    const wallet = await this.wallets.find(memberId);
    return {
      memberId: m.memberId,
      code: m.code,
      referrerId: m.parentId,
      boundAt: m.boundAt?.toISOString() ?? null,
      rankId: m.rankId,
      rankName: rank?.name ?? null,
      directCount: m.directCount,
      teamSize: m.teamSize,
      teamSalesMinor: m.teamSalesMinor,
      walletBalanceMinor: wallet?.balanceMinor ?? 0,
      walletDebtMinor: wallet?.debtMinor ?? 0,
    };
  }
}
