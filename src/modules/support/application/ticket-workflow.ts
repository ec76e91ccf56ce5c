import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { ConflictError } from '../../../platform/http/app-error';
import { withStatus } from '../domain/ticket-sla';
import { TicketActor, TicketTransition, transitionTo } from '../domain/ticket-transitions';
import type { TicketStatus } from '../domain/ticket-terms';
import { StatusChangeStore } from '../persistence/status-change-store';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { TicketStatusChangedV1 } from '../public/support.events';

export interface Mover {
  type: TicketActor;
  id: string | null;
}

/**
 * The only code that changes a ticket's status: one row of the transitions table at a time, with the
 * SLA clock and outcomes following (domain/ticket-sla), the move recorded and published. Callers
 * hold the ticket locked in their transaction.
 */
@Injectable()
export class TicketWorkflow {
  constructor(
    private readonly tickets: TicketStore,
    private readonly changes: StatusChangeStore,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async move(ticket: TicketRecord, transition: TicketTransition, by: Mover): Promise<TicketRecord> {
    if (transition.from !== ticket.status || transition.by !== by.type) {
      throw new Error(`Transition ${transition.action} (${transition.by}, from ${transition.from}) does not fit a ${ticket.status} ticket moved by ${by.type}`);
    }
    const now = this.clock.now();
    const next: TicketRecord = { ...withStatus(ticket, transition.to, now), updatedAt: now };
    await this.tickets.save(next);
    await this.changes.record({ ticketId: ticket.id, from: ticket.status, to: next.status, action: transition.action, actorType: by.type, actorId: by.id, at: now });
    await this.outbox.publish(new TicketStatusChangedV1(ticket.id, ticket.status, next.status, transition.action, now.toISOString()));
    return next;
  }

  /** An agent sets a status: the table must have the agent's move for it (409 otherwise); the same status changes nothing. */
  async agentSets(ticket: TicketRecord, to: TicketStatus, agentId: string): Promise<TicketRecord> {
    if (ticket.status === to) return ticket;
    const transition = transitionTo(ticket.status, to, 'agent');
    if (!transition) {
      throw new ConflictError(`A ${ticket.status} ticket cannot be made ${to}`, 'ticket_state_conflict', { from: ticket.status, to });
    }
    return this.move(ticket, transition, { type: 'agent', id: agentId });
  }
}
