export { IntegrationEvent, EventMetadata, eventTypeOf } from './integration-event';
export { OnIntegrationEvent } from './on-integration-event';
export { EventOutbox } from './event-outbox';
export { DeliveryDeadLetteredV1 } from './platform.events';
