import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { NotFoundError } from '../../../platform/http/app-error';
import { AgentDirectory } from '../persistence/agent-directory';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { MessageInput, TicketConversation } from './ticket-conversation';
import { TicketWorkflow } from './ticket-workflow';
import { agentMessageView, agentTicketView } from './ticket-views';

/** An agent writes on a ticket: a reply to the buyer (optionally moving it to pending or resolved) or an internal note. */
@Injectable()
export class AgentMessages {
  constructor(
    private readonly tickets: TicketStore,
    private readonly conversation: TicketConversation,
    private readonly workflow: TicketWorkflow,
    private readonly agents: AgentDirectory,
    private readonly clock: Clock,
  ) {}

  async reply(ticketId: string, agentId: string, input: MessageInput, status?: 'pending' | 'resolved') {
    const { ticket, message } = await this.conversation.agentReplies(await this.locked(ticketId), input, agentId);
    const moved = status ? await this.workflow.agentSets(ticket, status, agentId) : ticket;
    return this.answer(moved, agentMessageView(message));
  }

  async note(ticketId: string, agentId: string, input: MessageInput) {
    const { ticket, message } = await this.conversation.agentNotes(await this.locked(ticketId), input, agentId);
    return this.answer(ticket, agentMessageView(message));
  }

  private async answer(ticket: TicketRecord, message: ReturnType<typeof agentMessageView>) {
    const names = await this.agents.named(ticket.assigneeId ? [ticket.assigneeId] : []);
    return { ticket: agentTicketView(ticket, this.clock.now(), names), message };
  }

  private async locked(id: string): Promise<TicketRecord> {
    const ticket = await this.tickets.byId(id, true);
    if (!ticket) throw new NotFoundError(`No ticket ${id}`, 'ticket_not_found');
    return ticket;
  }
}
