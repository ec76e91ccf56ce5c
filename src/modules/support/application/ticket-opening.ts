import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { OrdersFacade, type OrderSummary } from '../../orders';
import { openSla } from '../domain/ticket-sla';
import { DEFAULT_PRIORITY, TicketCategory, TicketOrigin, TicketPriority } from '../domain/ticket-terms';
import { Attachment } from '../persistence/message-store';
import { SlaPolicyStore } from '../persistence/sla-policy-store';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { TicketOpenedV1 } from '../public/support.events';
import { newTicketAccessToken } from './ticket-access-token';
import { TicketConversation } from './ticket-conversation';

export interface BuyerTicketInput {
  category: TicketCategory;
  subject: string;
  message: string;
  attachments: Attachment[];
  keyId?: string;
}

export interface SystemTicketInput {
  /** What caused it, e.g. `order-awaiting-stock:<orderId>`: one ticket per cause. */
  causeKey: string;
  category: TicketCategory;
  priority: TicketPriority;
  subject: string;
  /** The first internal note: what the shop saw. */
  note: string;
  order: OrderRef | null;
}

/** The order a system ticket is about, as far as the event and orders tell. */
export interface OrderRef {
  orderId: string;
  orderNo: string | null;
  memberId: string | null;
  contact: string | null;
}

/**
 * Opens tickets: a guest proving an order (number, contact, query password, checked by orders with
 * its lookup rate limit), a signed-in member about one of their orders or in general, or the shop
 * itself on an event (once per cause). The SLA targets come from the priority's policy at opening.
 */
@Injectable()
export class TicketOpening {
  constructor(
    private readonly tickets: TicketStore,
    private readonly policies: SlaPolicyStore,
    private readonly conversation: TicketConversation,
    private readonly orders: OrdersFacade,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  /** A guest's ticket about an order; the access token is in the answer and nowhere else. */
  async forGuest(proof: { orderNo: string; contact: string; queryPassword: string; client: string }, input: BuyerTicketInput) {
    checkKeyId(input, true);
    const order = await this.orders.verifyBuyer(proof);
    const { token, hash } = newTicketAccessToken();
    // The ticket belongs to whoever holds the token, not to the order's member: member_id stays empty.
    const ticket = await this.open('guest', input, { order, memberId: null, accessTokenHash: hash });
    return { ticket, accessToken: token };
  }

  /** A member's ticket, about one of their own orders (404 for anyone else's, as for an unknown number) or in general. */
  async forMember(memberId: string, orderNo: string | undefined, input: BuyerTicketInput) {
    checkKeyId(input, orderNo !== undefined);
    let order: OrderSummary | null = null;
    if (orderNo !== undefined) {
      order = await this.orders.summaryByNo(orderNo);
      if (!order || order.memberId !== memberId) throw new NotFoundError('You have no order with this number', 'order_not_found');
    }
    return this.open('member', input, { order, memberId, accessTokenHash: null });
  }

  /** The shop's own ticket; null when its cause already has one. */
  async forSystem(input: SystemTicketInput): Promise<TicketRecord | null> {
    const now = this.clock.now();
    const policy = await this.policies.of(input.priority);
    const ticket: TicketRecord = {
      ...openSla(now, policy),
      id: randomUUID(),
      origin: 'system',
      causeKey: input.causeKey,
      category: input.category,
      subject: input.subject,
      priority: input.priority,
      orderId: input.order?.orderId ?? null,
      orderNo: input.order?.orderNo ?? null,
      memberId: input.order?.memberId ?? null,
      contact: input.order?.contact ?? null,
      keyId: null,
      accessTokenHash: null,
      assigneeId: null,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.tickets.insert(ticket))) return null;
    await this.conversation.systemNotes(ticket, input.note);
    await this.publishOpened(ticket);
    return ticket;
  }

  private async open(
    origin: Exclude<TicketOrigin, 'system'>,
    input: BuyerTicketInput,
    who: { order: OrderSummary | null; memberId: string | null; accessTokenHash: string | null },
  ): Promise<TicketRecord> {
    const now = this.clock.now();
    const priority = DEFAULT_PRIORITY[input.category];
    const policy = await this.policies.of(priority);
    const ticket: TicketRecord = {
      ...openSla(now, policy),
      id: randomUUID(),
      origin,
      causeKey: null,
      category: input.category,
      subject: input.subject.trim(),
      priority,
      orderId: who.order?.orderId ?? null,
      orderNo: who.order?.orderNo ?? null,
      memberId: who.memberId,
      contact: who.order?.contact ?? null,
      keyId: input.keyId ?? null,
      accessTokenHash: who.accessTokenHash,
      assigneeId: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.tickets.insert(ticket);
    await this.conversation.buyerOpens(ticket, { body: input.message, attachments: input.attachments }, who.memberId);
    await this.publishOpened(ticket);
    return ticket;
  }

  private async publishOpened(t: TicketRecord): Promise<void> {
    await this.outbox.publish(new TicketOpenedV1(t.id, t.origin, t.category, t.priority, t.orderId, t.memberId, t.createdAt.toISOString()));
  }
}

/** A key id names the key that does not work: only on a "key invalid" ticket about an order. */
function checkKeyId(input: BuyerTicketInput, aboutAnOrder: boolean): void {
  if (input.keyId === undefined) return;
  if (input.category !== 'key_invalid') {
    throw new ValidationError('keyId goes only with the category key_invalid', [{ field: 'keyId', problems: ['only with category key_invalid'] }]);
  }
  if (!aboutAnOrder) throw new ValidationError('keyId needs the order it was delivered with (orderNo)', [{ field: 'keyId', problems: ['needs orderNo'] }]);
}
