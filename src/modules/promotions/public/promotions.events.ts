import { IntegrationEvent } from '../../../platform/events';

/** A coupon use became final: the order that held it was paid. */
@IntegrationEvent('promotions.coupon.redeemed', 1)
export class CouponRedeemedV1 {
  constructor(
    readonly couponId: string,
    readonly code: string,
    readonly orderId: string,
    /** `member:<id>` or `contact:<hash>`: who used it, without their contact. */
    readonly buyerKey: string | null,
    readonly redeemedAt: string,
  ) {}
}

/** A visitor saw an experiment's variant for the first time (in this phase). */
@IntegrationEvent('promotions.experiment.exposed', 1)
export class ExperimentExposedV1 {
  constructor(
    readonly experimentId: string,
    readonly experimentKey: string,
    readonly phase: number,
    readonly variantKey: string,
    readonly visitorId: string,
    readonly exposedAt: string,
  ) {}
}

/** An order quoted under an experiment was paid: a conversion of the variant the visitor saw. */
@IntegrationEvent('promotions.experiment.converted', 1)
export class ExperimentConvertedV1 {
  constructor(
    readonly experimentId: string,
    readonly experimentKey: string,
    readonly phase: number,
    readonly variantKey: string,
    readonly visitorId: string,
    readonly orderId: string,
    readonly revenueMinor: number,
    readonly currency: string,
    readonly convertedAt: string,
  ) {}
}
