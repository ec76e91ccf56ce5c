import { IntegrationEvent } from './integration-event';

/**
 * A subscriber used up its retries on an event: the delivery is a dead letter waiting for a person
 * (GET /admin/events/dead-letters). Published so merchants are told at once (notifications). Never
 * published for the dead letter of this event itself, so a broken alert cannot feed on itself.
 */
@IntegrationEvent('platform.delivery.dead-lettered', 1)
export class DeliveryDeadLetteredV1 {
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    readonly subscriber: string,
    readonly attempts: number,
    /** The last error, cut short; never a payload. */
    readonly error: string,
    readonly failedAt: string,
  ) {}
}
