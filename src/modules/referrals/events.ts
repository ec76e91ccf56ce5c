// The integration events referrals publishes (see orders/events.ts for why this file exists).
export { CommissionSettledV1, RankChangedV1, ReferralBoundV1 } from './public/referrals.events';
