/**
 * The integration events a merchant may subscribe an endpoint to. Each is forwarded as it was
 * published: the webhook's `data` is the event's own fields (see README, Webhooks, for them).
 * Adding an entry needs a subscriber in `handlers/forward-events.ts` too; a test checks both agree.
 */
export interface CatalogueEntry {
  type: string;
  description: string;
}

export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  { type: 'orders.order.placed', description: 'An order was placed and waits for its payment' },
  { type: 'orders.order.paid', description: 'An order was paid (amountMinor: what was actually paid)' },
  {
    type: 'orders.order.delivered',
    description: 'An order was delivered; endpoints with includeKeys also receive the card keys (data.keys)',
  },
  { type: 'orders.order.awaiting-stock', description: 'A paid order waits for stock: nothing left to deliver' },
  {
    type: 'orders.order.awaiting-dynamic-delivery',
    description: "A paid order of dynamic goods: the shop is asking the merchant's URL for its items",
  },
  {
    type: 'orders.order.dynamic-delivery-failed',
    description: "Every call of a round to the merchant's URL failed: the order waits for an admin's retry or refund",
  },
  { type: 'orders.order.expired', description: 'An unpaid order expired' },
  { type: 'orders.order.cancelled', description: 'An unpaid order was cancelled' },
  { type: 'orders.order.refunded', description: 'Money went back to the buyer (amountMinor: this refund)' },
  { type: 'card-keys.stock.low', description: 'A goods item is at or below its low-stock threshold' },
  { type: 'card-keys.stock.added', description: 'Keys were imported or released back to stock' },
  { type: 'payments.payment.mismatch', description: 'A provider reported an amount or currency that does not match the payment' },
  { type: 'payments.payment.refunded', description: 'A refund was paid back by the provider, or flagged to be paid back by hand' },
  { type: 'payments.channel.breaker-opened', description: 'A payment channel kept failing and is skipped for a while' },
  { type: 'support.ticket.opened', description: 'A support ticket was opened by a buyer or by the shop' },
  { type: 'support.ticket.sla-breached', description: 'A ticket missed its first-response or resolution target' },
  { type: 'platform.delivery.dead-lettered', description: 'An event handler used up its retries; a person must look' },
];

/** The one event whose webhook may carry card keys, and only to endpoints with includeKeys. */
export const KEY_BEARING_EVENT = 'orders.order.delivered';

const TYPES = new Set(EVENT_CATALOGUE.map((e) => e.type));

export function isSubscribable(type: string): boolean {
  return TYPES.has(type);
}

/** The event types named that are not in the catalogue (empty: all fine). */
export function unknownEventTypes(types: readonly string[]): string[] {
  return types.filter((t) => !isSubscribable(t));
}
