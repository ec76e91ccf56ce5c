import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { OrdersFacade } from '../../orders';
import { TicketRecord, TicketStore } from '../persistence/ticket-store';
import { TicketConversation } from './ticket-conversation';

/**
 * One-click actions on the ticket's order, through the orders facade (which checks the order's state
 * and audits the action with the agent as actor, as the back office does). Each is also written on
 * the ticket as an internal note and in the audit log against the ticket. Keys' secrets are never
 * copied into the ticket: the buyer sees their keys in their order view.
 * Callers run each method in a transaction, so a refused action leaves no note behind.
 */
@Injectable()
export class TicketActions {
  constructor(
    private readonly tickets: TicketStore,
    private readonly conversation: TicketConversation,
    private readonly orders: OrdersFacade,
    private readonly audit: AuditLog,
  ) {}

  async resendKeys(ticketId: string, agentId: string, reason: string) {
    const { ticket, orderId } = await this.mustActOn(ticketId);
    const keys = await this.orders.resendKeys({ orderId, reason });
    const keyIds = keys.map((k) => k.keyId);
    await this.note(ticket, agentId, `Keys shown again to the buyer's order (${keyIds.length}: ${keyIds.join(', ')}). Reason: ${reason}`);
    await this.audit.record({ action: 'support.ticket.resend-keys', targetType: 'support-ticket', targetId: ticketId, reason, details: { orderId, keyIds } });
    return { ticketId, orderId, keys };
  }

  /** Replaces the key the buyer named on the ticket, or the one given. */
  async replaceKey(ticketId: string, agentId: string, keyId: string | undefined, reason: string) {
    const { ticket, orderId } = await this.mustActOn(ticketId);
    const oldKeyId = keyId ?? ticket.keyId;
    if (!oldKeyId) throw new ValidationError('Name the key to replace (keyId): the ticket does not name one', [{ field: 'keyId', problems: ['required'] }]);
    const key = await this.orders.replaceKey({ orderId, keyId: oldKeyId, reason });
    await this.note(ticket, agentId, `Key ${oldKeyId} marked defective and replaced by ${key.keyId}. Reason: ${reason}`);
    await this.audit.record({
      action: 'support.ticket.replace-key',
      targetType: 'support-ticket',
      targetId: ticketId,
      reason,
      details: { orderId, oldKeyId, newKeyId: key.keyId },
    });
    return { ticketId, orderId, oldKeyId, key };
  }

  async refund(ticketId: string, agentId: string, reason: string) {
    const { ticket, orderId } = await this.mustActOn(ticketId);
    const refund = await this.orders.refund({ orderId, reason });
    await this.note(ticket, agentId, `Order refunded in full (${refund.amountMinor} minor units, ${refund.outcome}). Reason: ${reason}`);
    await this.audit.record({ action: 'support.ticket.refund', targetType: 'support-ticket', targetId: ticketId, reason, details: { orderId, ...refund } });
    return { ticketId, orderId, refund };
  }

  private async mustActOn(ticketId: string): Promise<{ ticket: TicketRecord; orderId: string }> {
    const ticket = await this.tickets.byId(ticketId, true);
    if (!ticket) throw new NotFoundError(`No ticket ${ticketId}`, 'ticket_not_found');
    if (ticket.status === 'closed') throw new ConflictError('This ticket is closed', 'ticket_closed');
    if (!ticket.orderId) throw new ConflictError('This ticket is not about an order', 'ticket_has_no_order');
    return { ticket, orderId: ticket.orderId };
  }

  private async note(ticket: TicketRecord, agentId: string, body: string): Promise<void> {
    await this.conversation.agentNotes(ticket, { body, attachments: [] }, agentId);
  }
}
