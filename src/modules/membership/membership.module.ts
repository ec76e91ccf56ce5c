import { QueueModule } from '../../platform/queue/queue.module';
import { Module } from '@nestjs/common';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { LevelAssignment } from './application/level-assignment';
import { LevelsAdmin } from './application/levels-admin';
import { MemberAccounts } from './application/member-accounts';
import { MemberPoints } from './application/member-points';
import { MemberSessions } from './application/member-sessions';
import { MembersAdmin } from './application/members-admin';
import { PartnerSignIn } from './application/partner-sign-in';
import { SignInAttempts } from './application/sign-in-attempts';
import { OnOrderEvents } from './handlers/on-order-events';
import { LevelsAdminController } from './http/levels-admin.controller';
import { MeController } from './http/me.controller';
import { MemberAuthController } from './http/member-auth.controller';
import { MembersAdminController } from './http/members-admin.controller';
import { LEVELS_QUEUE } from './jobs/levels-queue';
import { PurgeExpired } from './jobs/purge-expired';
import { RecalculateLevels } from './jobs/recalculate-levels';
import { MembershipFacadeService } from './membership-facade.service';
import { LevelStore } from './persistence/level-store';
import { MemberStore } from './persistence/member-store';
import { PartnerStore } from './persistence/partner-store';
import { PointsLedgerStore } from './persistence/points-ledger-store';
import { RefreshTokenStore } from './persistence/refresh-token-store';
import { MembershipFacade } from './public/membership.facade';

@ModuleLabel('membership')
@Module({
  imports: [QueueModule.registerQueues(LEVELS_QUEUE)],
  // LevelsAdminController first: /admin/members/levels must not be read as /admin/members/:id.
  controllers: [MemberAuthController, MeController, LevelsAdminController, MembersAdminController],
  providers: [
    MemberStore,
    LevelStore,
    RefreshTokenStore,
    PointsLedgerStore,
    PartnerStore,
    SignInAttempts,
    MemberSessions,
    LevelAssignment,
    MemberAccounts,
    PartnerSignIn,
    MemberPoints,
    LevelsAdmin,
    MembersAdmin,
    OnOrderEvents,
    RecalculateLevels,
    PurgeExpired,
    ...facadeProviders(MembershipFacade, MembershipFacadeService, 'membership'),
  ],
  exports: [MembershipFacade],
})
export class MembershipModule {}
