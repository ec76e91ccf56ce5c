// The public API of the support module: the only file other modules may import (events: ./events).
export { SupportFacade } from './public/support.facade';
export { TicketOpenedV1, TicketRepliedV1, TicketSlaBreachedV1, TicketStatusChangedV1 } from './public/support.events';
export { SupportModule } from './support.module';
