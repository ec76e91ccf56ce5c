import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { OrdersFacade } from '../../orders';
import { emailAddressOf } from '../domain/email-address';
import type { BuyerKind } from '../domain/email-kinds';
import { EmailOutboxStore } from '../persistence/email-outbox-store';
import { MailSettings } from './mail-settings';

/**
 * Queues a buyer's e-mail about an order, in the caller's (the event's) transaction: only a row,
 * nothing is sent here, so a slow or broken mail server can never hold up or fail an order. The row
 * names the recipient and language; the keys are fetched when the mail is sent, never stored.
 */
@Injectable()
export class BuyerMailRequests {
  constructor(
    private readonly orders: OrdersFacade,
    private readonly outbox: EmailOutboxStore,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  /** Whether a row was queued (no: e-mail off, no such order, a contact that is no e-mail address, or already queued). */
  async request(kind: BuyerKind, orderId: string, data: Record<string, unknown> = {}): Promise<boolean> {
    if (!this.settings.enabled) return false;
    // Without keys: this only learns who to write to, in which language.
    const order = await this.orders.deliveryNotice({ orderId, withKeys: false, purpose: 'notifications: who to e-mail' });
    if (!order) return false;
    const recipient = emailAddressOf(order.contact);
    if (!recipient) return false;
    return this.outbox.addBuyerMail({
      kind,
      orderId,
      recipient,
      language: order.language ?? this.settings.shopLanguage,
      data,
      messageIdDomain: this.settings.messageIdDomain,
      now: this.clock.now(),
    });
  }
}
