/** A card key as it travels to an endpoint that was allowed to receive keys. */
export interface WebhookKey {
  keyId: string;
  secret: string;
}

/**
 * The JSON body of a webhook: `{id, type, createdAt, data}` where `id` is the shop's event id (the
 * same for every endpoint; the delivery id is in a header), `createdAt` when the event happened and
 * `data` the event's fields. `keys`, when given, is added to `data` (orders.order.delivered to an
 * endpoint with includeKeys only); it is built at send time and never stored.
 */
export function deliveryBody(input: {
  eventId: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  keys?: readonly WebhookKey[];
}): string {
  const data = input.keys ? { ...input.data, keys: input.keys.map(({ keyId, secret }) => ({ keyId, secret })) } : { ...input.data };
  return JSON.stringify({ id: input.eventId, type: input.type, createdAt: input.occurredAt.toISOString(), data });
}
