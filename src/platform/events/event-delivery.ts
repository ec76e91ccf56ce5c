/** What a delivery job carries: the event stays in `platform.outbox`, Redis holds only the pointer. */
export interface DeliveryJob {
  eventId: string;
  subscriber: string;
}

export function deliveryJobId(eventId: string, subscriber: string): string {
  return `${eventId}:${subscriber}`;
}
