import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { MembershipFacade, type MemberProfile } from '../../membership';
import { OrdersFacade } from '../../orders';
import { withTargets } from '../domain/ticket-sla';
import type { TicketPriority, TicketStatus } from '../domain/ticket-terms';
import { AgentDirectory } from '../persistence/agent-directory';
import { MessageStore } from '../persistence/message-store';
import { SlaPolicyStore } from '../persistence/sla-policy-store';
import { StatusChangeStore } from '../persistence/status-change-store';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { TicketWorkflow } from './ticket-workflow';
import { agentMessageView, agentTicketView, statusChangeView } from './ticket-views';

/** How much of the buyer's history the ticket view brings along. */
export const HISTORY_LIMIT = 20;

export interface QueueRequest {
  status?: TicketStatus;
  priority?: TicketPriority;
  /** An admin id, `me` or `none` (unassigned). */
  assignee?: string;
  limit: number;
  offset: number;
}

export interface Triage {
  status?: TicketStatus;
  priority?: TicketPriority;
  /** An agent's admin id, or null to unassign. */
  assigneeId?: string | null;
}

/**
 * The agent's desk: the queue (earliest due first), the ticket with everything needed to help
 * (the order, the buyer's other orders and tickets, the member's profile), and triage (status,
 * priority, assignment).
 */
@Injectable()
export class AgentDesk {
  private readonly logger = new Logger('AgentDesk');

  constructor(
    private readonly tickets: TicketStore,
    private readonly messages: MessageStore,
    private readonly changes: StatusChangeStore,
    private readonly policies: SlaPolicyStore,
    private readonly agents: AgentDirectory,
    private readonly workflow: TicketWorkflow,
    private readonly orders: OrdersFacade,
    private readonly membership: MembershipFacade,
    private readonly clock: Clock,
  ) {}

  async queue(request: QueueRequest, agentId: string) {
    const now = this.clock.now();
    const assigneeId = request.assignee === undefined ? undefined : request.assignee === 'me' ? agentId : request.assignee === 'none' ? null : request.assignee;
    const { items, total } = await this.tickets.queue(
      { statuses: request.status ? [request.status] : ['open', 'pending'], priority: request.priority, assigneeId, limit: request.limit, offset: request.offset },
      now,
    );
    const names = await this.agents.named(unique(items.map((i) => i.ticket.assigneeId)));
    return { items: items.map((i) => agentTicketView(i.ticket, now, names)), total, limit: request.limit, offset: request.offset };
  }

  async view(id: string) {
    const ticket = await this.mustFind(id);
    const now = this.clock.now();
    const order = ticket.orderId ? await this.orders.summaryById(ticket.orderId) : null;
    const memberId = ticket.memberId ?? order?.memberId ?? null;
    const contact = ticket.contact ?? order?.contact ?? null;
    const buyerOrders = memberId ? await this.orders.ordersOfBuyer({ memberId }, HISTORY_LIMIT + 1) : contact ? await this.orders.ordersOfBuyer({ contact }, HISTORY_LIMIT + 1) : [];
    const otherTickets = await this.tickets.othersOfBuyer({ memberId, contact }, ticket.id, HISTORY_LIMIT);
    const messages = await this.messages.allOf(ticket.id);
    const names = await this.agents.named(unique([ticket.assigneeId, ...messages.filter((m) => m.authorType === 'agent').map((m) => m.authorId)]));
    const profile = memberId ? await this.profileOf(memberId) : { profile: null, unavailable: false };
    return {
      ticket: agentTicketView(ticket, now, names),
      messages: messages.map((m) => ({ ...agentMessageView(m), agent: m.authorType === 'agent' && m.authorId ? (names.get(m.authorId) ?? null) : undefined })),
      history: (await this.changes.ofTicket(ticket.id)).map(statusChangeView),
      order,
      buyer: {
        memberId,
        contact,
        profile: profile.profile,
        ...(profile.unavailable ? { profileUnavailable: true } : {}),
        otherOrders: buyerOrders.filter((o) => o.orderId !== ticket.orderId).slice(0, HISTORY_LIMIT),
        otherTickets: otherTickets.map((t) => ({ id: t.id, subject: t.subject, category: t.category, status: t.status, priority: t.priority, orderNo: t.orderNo, createdAt: t.createdAt.toISOString() })),
      },
    };
  }

  async triage(id: string, change: Triage, agentId: string) {
    let ticket = await this.mustFind(id, true);
    if (ticket.status === 'closed') throw new ConflictError('This ticket is closed', 'ticket_closed');
    const now = this.clock.now();
    if (change.assigneeId !== undefined && change.assigneeId !== ticket.assigneeId) {
      if (change.assigneeId !== null && !(await this.agents.agent(change.assigneeId))) {
        throw new BusinessRuleError('Tickets are assigned to enabled admins with the support role', 'assignee_not_an_agent');
      }
      ticket = { ...ticket, assigneeId: change.assigneeId, updatedAt: now };
    }
    if (change.priority !== undefined && change.priority !== ticket.priority) {
      // The new priority's current policy; breaches already seen stay (once per ticket and kind).
      const policy = await this.policies.of(change.priority);
      ticket = { ...withTargets(ticket, policy), priority: change.priority, updatedAt: now };
    }
    await this.tickets.save(ticket);
    if (change.status !== undefined) ticket = await this.workflow.agentSets(ticket, change.status, agentId);
    return agentTicketView(ticket, now, await this.agents.named(unique([ticket.assigneeId])));
  }

  async mustFind(id: string, lock = false): Promise<TicketRecord> {
    const ticket = await this.tickets.byId(id, lock);
    if (!ticket) throw new NotFoundError(`No ticket ${id}`, 'ticket_not_found');
    return ticket;
  }

  /** The member's profile; membership failing shows as unavailable instead of taking the view down. */
  private async profileOf(memberId: string): Promise<{ profile: MemberProfile | null; unavailable: boolean }> {
    try {
      return { profile: await this.membership.profileOf(memberId), unavailable: false };
    } catch (error) {
      this.logger.warn(`membership.profileOf failed for the ticket view: ${(error as Error).message}`);
      return { profile: null, unavailable: true };
    }
  }
}

function unique(ids: Array<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => !!id))];
}
