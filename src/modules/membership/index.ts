// The public API of the membership module: the only file other modules may import (events: ./events).
export { MembershipFacade } from './public/membership.facade';
export type { MemberPricing, MemberProfile } from './public/membership.contracts';
export { MembershipModule } from './membership.module';
