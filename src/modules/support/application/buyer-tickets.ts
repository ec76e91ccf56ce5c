import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../../platform/http/app-error';
import type { TicketStatus } from '../domain/ticket-terms';
import { MessageStore } from '../persistence/message-store';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { hashTicketAccessToken } from './ticket-access-token';
import { MessageInput, TicketConversation } from './ticket-conversation';
import { buyerTicketSummary, buyerTicketView } from './ticket-views';

/** Who the buyer is: a guest holding a ticket's access token, or a signed-in member. */
export type BuyerKey = { kind: 'guest'; token: string } | { kind: 'member'; memberId: string };

/**
 * The buyer's side of support. A buyer reaches only their own tickets: a guest the one ticket their
 * token opens, a member the tickets they opened signed in. Anything else reads as "no such ticket",
 * so ticket ids reveal nothing. System tickets are never shown to buyers.
 */
@Injectable()
export class BuyerTickets {
  constructor(
    private readonly tickets: TicketStore,
    private readonly messages: MessageStore,
    private readonly conversation: TicketConversation,
  ) {}

  async view(id: string, buyer: BuyerKey) {
    const ticket = await this.mustOwn(id, buyer);
    return buyerTicketView(ticket, await this.messages.publicOf(ticket.id));
  }

  async reply(id: string, buyer: BuyerKey, input: MessageInput) {
    const ticket = await this.mustOwn(id, buyer, true);
    const next = await this.conversation.buyerReplies(ticket, input, buyer.kind === 'member' ? buyer.memberId : null);
    return buyerTicketView(next, await this.messages.publicOf(ticket.id));
  }

  async listOfMember(memberId: string, status: TicketStatus | undefined, limit: number, offset: number) {
    const { items, total } = await this.tickets.listOfMember(memberId, status, limit, offset);
    return { items: items.map(buyerTicketSummary), total, limit, offset };
  }

  /** The view right after opening (the buyer's first message is its only message). */
  async viewOf(ticket: TicketRecord) {
    return buyerTicketView(ticket, await this.messages.publicOf(ticket.id));
  }

  private async mustOwn(id: string, buyer: BuyerKey, lock = false): Promise<TicketRecord> {
    const ticket = await this.tickets.byId(id, lock);
    if (!ticket || !owns(ticket, buyer)) throw new NotFoundError('No such ticket', 'ticket_not_found');
    return ticket;
  }
}

function owns(t: TicketRecord, buyer: BuyerKey): boolean {
  if (buyer.kind === 'member') return t.origin === 'member' && t.memberId === buyer.memberId;
  // Comparing SHA-256 digests of a 256-bit token: timing reveals nothing about the token itself.
  return t.origin === 'guest' && t.accessTokenHash !== null && t.accessTokenHash === hashTicketAccessToken(buyer.token);
}
