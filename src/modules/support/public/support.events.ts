import { IntegrationEvent } from '../../../platform/events';

/** A ticket was opened: by a guest proving an order, by a signed-in member, or by the shop on an event. */
@IntegrationEvent('support.ticket.opened', 1)
export class TicketOpenedV1 {
  constructor(
    readonly ticketId: string,
    readonly origin: 'guest' | 'member' | 'system',
    readonly category: string,
    readonly priority: string,
    readonly orderId: string | null,
    readonly memberId: string | null,
    readonly openedAt: string,
  ) {}
}

/** A public message was added (not internal notes): for notifying the other side. */
@IntegrationEvent('support.ticket.replied', 1)
export class TicketRepliedV1 {
  constructor(
    readonly ticketId: string,
    readonly messageId: string,
    readonly by: 'buyer' | 'agent',
    readonly memberId: string | null,
    readonly repliedAt: string,
  ) {}
}

/** The ticket moved through its transitions table (open, pending, resolved, closed). */
@IntegrationEvent('support.ticket.status-changed', 1)
export class TicketStatusChangedV1 {
  constructor(
    readonly ticketId: string,
    readonly from: string,
    readonly to: string,
    readonly action: string,
    readonly changedAt: string,
  ) {}
}

/**
 * An SLA target passed without being met, seen by the breach schedule. Published exactly once per
 * ticket and kind; `dueAt` is the due time as it stood (moved by any pauses).
 */
@IntegrationEvent('support.ticket.sla-breached', 1)
export class TicketSlaBreachedV1 {
  constructor(
    readonly ticketId: string,
    readonly kind: 'first_response' | 'resolution',
    readonly priority: string,
    readonly dueAt: string,
    readonly breachedAt: string,
  ) {}
}
