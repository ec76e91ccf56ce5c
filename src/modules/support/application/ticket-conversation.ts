import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { BusinessRuleError, ConflictError } from '../../../platform/http/app-error';
import { withFirstResponse } from '../domain/ticket-sla';
import { transitionFor } from '../domain/ticket-transitions';
import { Attachment, MessageRecord, MessageStore } from '../persistence/message-store';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { TicketRepliedV1 } from '../public/support.events';
import { TicketWorkflow } from './ticket-workflow';

export interface MessageInput {
  body: string;
  attachments: Attachment[];
}

/**
 * Messages on a ticket. A buyer's reply reopens a ticket that was waiting on them or resolved; an
 * agent's first public reply is the first response (and takes an unassigned ticket); internal notes
 * are for agents only. Callers hold the ticket locked in their transaction.
 */
@Injectable()
export class TicketConversation {
  constructor(
    private readonly tickets: TicketStore,
    private readonly messages: MessageStore,
    private readonly workflow: TicketWorkflow,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async buyerReplies(ticket: TicketRecord, input: MessageInput, memberId: string | null): Promise<TicketRecord> {
    if (ticket.status === 'closed') throw new ConflictError('This ticket is closed; open a new one if you need more help', 'ticket_closed');
    const message = await this.add(ticket, { authorType: 'buyer', authorId: memberId, internal: false, ...input });
    await this.outbox.publish(new TicketRepliedV1(ticket.id, message.id, 'buyer', ticket.memberId, message.createdAt.toISOString()));
    const reopen = transitionFor(ticket.status, 'buyer_reply');
    const next = reopen ? await this.workflow.move(ticket, reopen, { type: 'buyer', id: memberId }) : { ...ticket, updatedAt: message.createdAt };
    if (!reopen) await this.tickets.save(next);
    return next;
  }

  async agentReplies(ticket: TicketRecord, input: MessageInput, agentId: string): Promise<{ ticket: TicketRecord; message: MessageRecord }> {
    if (ticket.status === 'closed') throw new ConflictError('This ticket is closed', 'ticket_closed');
    if (ticket.origin === 'system') {
      throw new BusinessRuleError('The shop opened this ticket itself: there is no buyer to reply to; add an internal note', 'ticket_has_no_buyer');
    }
    const message = await this.add(ticket, { authorType: 'agent', authorId: agentId, internal: false, ...input });
    const next: TicketRecord = { ...withFirstResponse(ticket, message.createdAt), assigneeId: ticket.assigneeId ?? agentId, updatedAt: message.createdAt };
    await this.tickets.save(next);
    await this.outbox.publish(new TicketRepliedV1(ticket.id, message.id, 'agent', ticket.memberId, message.createdAt.toISOString()));
    return { ticket: next, message };
  }

  /**
   * An internal note. On a system ticket (no buyer to answer) an agent's first note or action is
   * its first response; on a buyer's ticket notes never are.
   */
  async agentNotes(ticket: TicketRecord, input: MessageInput, agentId: string): Promise<{ ticket: TicketRecord; message: MessageRecord }> {
    const message = await this.add(ticket, { authorType: 'agent', authorId: agentId, internal: true, ...input });
    let next: TicketRecord = { ...ticket, updatedAt: message.createdAt };
    if (ticket.origin === 'system' && ticket.status !== 'closed') next = { ...withFirstResponse(next, message.createdAt), assigneeId: ticket.assigneeId ?? agentId };
    await this.tickets.save(next);
    return { ticket: next, message };
  }

  /** The buyer's first message, written with the ticket (the opening is its own event, not a reply). */
  async buyerOpens(ticket: TicketRecord, input: MessageInput, memberId: string | null): Promise<MessageRecord> {
    return this.add(ticket, { authorType: 'buyer', authorId: memberId, internal: false, ...input });
  }

  /** A note the shop writes itself (the cause of a system ticket, a repeated cause). */
  async systemNotes(ticket: TicketRecord, body: string): Promise<MessageRecord> {
    return this.add(ticket, { authorType: 'system', authorId: null, internal: true, body, attachments: [] });
  }

  private async add(ticket: TicketRecord, m: Omit<MessageRecord, 'id' | 'ticketId' | 'createdAt'>): Promise<MessageRecord> {
    const message: MessageRecord = { id: randomUUID(), ticketId: ticket.id, createdAt: this.clock.now(), ...m };
    await this.messages.insert(message);
    return message;
  }
}
