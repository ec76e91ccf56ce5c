import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { OrdersFacade } from './public/orders.facade';
import { OrdersFacadeService } from './orders-facade.service';

@ModuleLabel('orders')
@Module({
  providers: [{ provide: OrdersFacade, useClass: OrdersFacadeService }],
  exports: [OrdersFacade],
})
export class OrdersModule {}
