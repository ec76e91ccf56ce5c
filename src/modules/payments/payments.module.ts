import { Module } from '@nestjs/common';
import { ModuleLabel } from '../../platform/observability/module-label';
import { PaymentsFacade } from './public/payments.facade';
import { PaymentsFacadeService } from './payments-facade.service';

@ModuleLabel('payments')
@Module({
  providers: [{ provide: PaymentsFacade, useClass: PaymentsFacadeService }],
  exports: [PaymentsFacade],
})
export class PaymentsModule {}
