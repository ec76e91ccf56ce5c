// The public API of the referrals module: the only file other modules may import.
export { ReferralsFacade } from './public/referrals.facade';
export { ReferralsModule } from './referrals.module';
