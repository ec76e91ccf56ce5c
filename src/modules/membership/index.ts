// The public API of the membership module: the only file other modules may import.
export { MembershipFacade } from './public/membership.facade';
export { MembershipModule } from './membership.module';
