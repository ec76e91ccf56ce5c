import { Module } from '@nestjs/common';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { ActivitiesAdmin } from './application/activities-admin';
import { CartPricing } from './application/cart-pricing';
import { CouponsAdmin } from './application/coupons-admin';
import { ExperimentsAdmin } from './application/experiments-admin';
import { OrderHolds } from './application/order-holds';
import { PromotionPreview } from './application/promotion-preview';
import { ExperimentAssignments } from './experiments/experiment-assignments';
import { OnOrderEvents } from './handlers/on-order-events';
import { ActivitiesAdminController } from './http/activities-admin.controller';
import { CouponsAdminController } from './http/coupons-admin.controller';
import { ExperimentsAdminController } from './http/experiments-admin.controller';
import { PreviewController } from './http/preview.controller';
import { ReleaseStaleHolds } from './jobs/release-stale-holds';
import { ActivityStore } from './persistence/activity-store';
import { CouponStore } from './persistence/coupon-store';
import { ExperimentStore } from './persistence/experiment-store';
import { HoldStore } from './persistence/hold-store';
import { PromotionsFacadeService } from './promotions-facade.service';
import { PromotionsFacade } from './public/promotions.facade';

@ModuleLabel('promotions')
@Module({
  controllers: [ActivitiesAdminController, CouponsAdminController, ExperimentsAdminController, PreviewController],
  providers: [
    ActivityStore,
    CouponStore,
    HoldStore,
    ExperimentStore,
    ExperimentAssignments,
    CartPricing,
    OrderHolds,
    ActivitiesAdmin,
    CouponsAdmin,
    ExperimentsAdmin,
    PromotionPreview,
    OnOrderEvents,
    ReleaseStaleHolds,
    ...facadeProviders(PromotionsFacade, PromotionsFacadeService, 'promotions'),
  ],
  exports: [PromotionsFacade],
})
export class PromotionsModule {}
