import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { PromotionsFacade } from './public/promotions.facade';
import { PromotionsFacadeService } from './promotions-facade.service';

@ModuleLabel('promotions')
@Module({
  providers: [{ provide: PromotionsFacade, useClass: PromotionsFacadeService }],
  exports: [PromotionsFacade],
})
export class PromotionsModule {}
