/** The words a ticket is made of; the database CHECKs and the DTOs use these same lists. */

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Lowest first: the order the queue and the figures list them in. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_CATEGORIES = ['not_received', 'key_invalid', 'wrong_item', 'refund_request', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

/** Who opened the ticket: a guest proving an order, a signed-in member, or the shop itself on an event. */
export const TICKET_ORIGINS = ['guest', 'member', 'system'] as const;
export type TicketOrigin = (typeof TICKET_ORIGINS)[number];

/**
 * The priority a buyer's ticket starts with (an agent may change it): a buyer who paid and has
 * nothing usable waits on us, so those come first.
 */
export const DEFAULT_PRIORITY: Readonly<Record<TicketCategory, TicketPriority>> = {
  not_received: 'high',
  key_invalid: 'high',
  wrong_item: 'normal',
  refund_request: 'normal',
  other: 'low',
};

/** Attachments are links the buyer or agent hosts elsewhere (the shop stores no files). */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_URL_LENGTH = 2000;
