import { Module } from '@nestjs/common';
import { PlatformModule } from './platform/platform.module';
import { CardKeysModule } from './modules/card-keys';
import { GoodsModule } from './modules/goods';
import { MembershipModule } from './modules/membership';
import { NotificationsModule } from './modules/notifications';
import { OrdersModule } from './modules/orders';
import { PaymentsModule } from './modules/payments';
import { PromotionsModule } from './modules/promotions';
import { ReferralsModule } from './modules/referrals';
import { SupportModule } from './modules/support';
import { WebhooksModule } from './modules/webhooks';

export const BUSINESS_MODULES = [
  GoodsModule,
  CardKeysModule,
  OrdersModule,
  PaymentsModule,
  MembershipModule,
  PromotionsModule,
  SupportModule,
  ReferralsModule,
  NotificationsModule,
  WebhooksModule,
];

@Module({ imports: [PlatformModule, ...BUSINESS_MODULES] })
export class AppModule {}
