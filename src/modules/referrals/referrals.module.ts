import { Module } from '@nestjs/common';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { CommissionSettlement } from './application/commission-settlement';
import { MemberViews } from './application/member-views';
import { RankKeeper } from './application/rank-keeper';
import { RanksAdmin } from './application/ranks-admin';
import { RatesAdmin } from './application/rates-admin';
import { ReferralTree } from './application/referral-tree';
import { RefundReversal } from './application/refund-reversal';
import { SaleRecording } from './application/sale-recording';
import { TreeLock } from './application/tree-lock';
import { WalletBook } from './application/wallet-book';
import { Withdrawals } from './application/withdrawals';
import { withdrawalTableProblems } from './domain/withdrawal-state-machine';
import { OnMemberRegistered } from './handlers/on-member-registered';
import { OnOrderEvents } from './handlers/on-order-events';
import { MemberReferralsController } from './http/member-referrals.controller';
import { MemberWalletController } from './http/member-wallet.controller';
import { MembersAdminController } from './http/members-admin.controller';
import { RanksAdminController } from './http/ranks-admin.controller';
import { RatesAdminController } from './http/rates-admin.controller';
import { WithdrawalsAdminController } from './http/withdrawals-admin.controller';
import { SettleCommissions } from './jobs/settle-commissions';
import { CommissionStore } from './persistence/commission-store';
import { MemberStore } from './persistence/member-store';
import { RankStore } from './persistence/rank-store';
import { RatesStore } from './persistence/rates-store';
import { SaleStore } from './persistence/sale-store';
import { TreePathsStore } from './persistence/tree-paths-store';
import { WalletStore } from './persistence/wallet-store';
import { WithdrawalStore } from './persistence/withdrawal-store';
import { ReferralsFacade } from './public/referrals.facade';
import { ReferralsFacadeService } from './referrals-facade.service';

// The withdrawal table is data: a broken edit stops the process at start, not a payout later.
const problems = withdrawalTableProblems();
if (problems.length > 0) throw new Error(`The withdrawal state machine is broken: ${problems.join('; ')}`);

@ModuleLabel('referrals')
@Module({
  controllers: [
    MemberReferralsController,
    MemberWalletController,
    RatesAdminController,
    RanksAdminController,
    MembersAdminController,
    WithdrawalsAdminController,
  ],
  providers: [
    MemberStore,
    TreePathsStore,
    RatesStore,
    RankStore,
    SaleStore,
    CommissionStore,
    WalletStore,
    WithdrawalStore,
    TreeLock,
    RankKeeper,
    ReferralTree,
    WalletBook,
    SaleRecording,
    RefundReversal,
    CommissionSettlement,
    Withdrawals,
    MemberViews,
    RatesAdmin,
    RanksAdmin,
    OnMemberRegistered,
    OnOrderEvents,
    SettleCommissions,
    ...facadeProviders(ReferralsFacade, ReferralsFacadeService, 'referrals'),
  ],
  exports: [ReferralsFacade],
})
export class ReferralsModule {}
