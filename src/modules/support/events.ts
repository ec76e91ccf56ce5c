// The integration events support publishes (see orders/events.ts for why this file exists).
export { TicketOpenedV1, TicketRepliedV1, TicketSlaBreachedV1, TicketStatusChangedV1 } from './public/support.events';
