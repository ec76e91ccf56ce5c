import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { ReferralsFacade } from './public/referrals.facade';
import { ReferralsFacadeService } from './referrals-facade.service';

@ModuleLabel('referrals')
@Module({
  providers: [{ provide: ReferralsFacade, useClass: ReferralsFacadeService }],
  exports: [ReferralsFacade],
})
export class ReferralsModule {}
