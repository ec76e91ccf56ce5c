import { SetMetadata } from '@nestjs/common';
import { EventClass } from './integration-event';

export const SUBSCRIBER_METADATA = 'platform:integration-event-subscriber';

export interface SubscriberOptions {
  /**
   * A stable, unique name `<module>.<what-it-does>`, e.g. `referrals.record-commission`. It is part of
   * the job id and of the inbox key, so renaming it makes already-handled events look new.
   * The `<module>` part chooses the queue the deliveries run on.
   */
  name: string;
}

export interface SubscriberMetadata extends SubscriberOptions {
  event: EventClass;
}

/**
 * Marks a provider method as a subscriber of an integration event. The method runs once per event,
 * inside a transaction that also records the event in `platform.inbox`, so a redelivery has no
 * second effect. It may throw to be retried with backoff; after the last attempt the delivery
 * becomes a dead letter.
 *
 * ```ts
 * @OnIntegrationEvent(OrderPaidV1, { name: 'referrals.record-commission' })
 * async recordCommission(event: OrderPaidV1, meta: EventMetadata) { ... }
 * ```
 */
export function OnIntegrationEvent(event: EventClass, options: SubscriberOptions): MethodDecorator {
  return SetMetadata(SUBSCRIBER_METADATA, { ...options, event } satisfies SubscriberMetadata);
}
