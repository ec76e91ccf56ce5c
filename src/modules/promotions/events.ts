// The integration events promotions publishes (see orders/events.ts for why this file exists).
export { CouponRedeemedV1, ExperimentConvertedV1, ExperimentExposedV1 } from './public/promotions.events';
