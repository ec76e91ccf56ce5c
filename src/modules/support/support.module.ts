import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { SupportFacade } from './public/support.facade';
import { SupportFacadeService } from './support-facade.service';

@ModuleLabel('support')
@Module({
  providers: [{ provide: SupportFacade, useClass: SupportFacadeService }],
  exports: [SupportFacade],
})
export class SupportModule {}
