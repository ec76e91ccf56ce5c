import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { GoodsFacade } from './public/goods.facade';
import { GoodsFacadeService } from './goods-facade.service';

@ModuleLabel('goods')
@Module({
  providers: [{ provide: GoodsFacade, useClass: GoodsFacadeService }],
  exports: [GoodsFacade],
})
export class GoodsModule {}
