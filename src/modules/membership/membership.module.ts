import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { MembershipFacade } from './public/membership.facade';
import { MembershipFacadeService } from './membership-facade.service';

@ModuleLabel('membership')
@Module({
  providers: [{ provide: MembershipFacade, useClass: MembershipFacadeService }],
  exports: [MembershipFacade],
})
export class MembershipModule {}
