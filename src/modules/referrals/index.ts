// The public API of the referrals module: the only file other modules may import (events: ./events).
export { ReferralsFacade } from './public/referrals.facade';
export type { ReferralSummary } from './public/referrals.contracts';
export { ReferralsModule } from './referrals.module';
