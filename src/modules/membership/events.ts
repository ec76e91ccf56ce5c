// The integration events membership publishes (see orders/events.ts for why this file exists).
export { MemberLevelChangedV1, MemberRegisteredV1 } from './public/membership.events';
