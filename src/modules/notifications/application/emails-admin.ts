import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../../platform/http/app-error';
import type { EmailKind, EmailStatus } from '../domain/email-kinds';
import { messageIdOf } from '../domain/message-id';
import { EmailOutboxStore } from '../persistence/email-outbox-store';
import { type EmailView, viewOf } from '../persistence/email-row';
import { MailSettings } from './mail-settings';

/** The admin's view of the e-mail outbox: what went out, what is waiting, what failed; and sending again. */
@Injectable()
export class EmailsAdmin {
  constructor(
    private readonly outbox: EmailOutboxStore,
    private readonly audit: AuditLog,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  async list(filter: { status?: EmailStatus; kind?: EmailKind; orderId?: string; limit: number; offset: number }) {
    const { items, total } = await this.outbox.list(filter);
    return { items: items.map(viewOf), total, limit: filter.limit, offset: filter.offset };
  }

  /**
   * Queues a failed (or already sent) e-mail again with fresh attempts; the next sender run sends it.
   * A buyer's delivery mail carries the keys again (each decryption audited). Audited, in the caller's
   * transaction.
   */
  async resend(id: string, reason: string): Promise<EmailView> {
    if (!this.settings.enabled) throw new BusinessRuleError('E-mail is off: set SMTP_URL first', 'email_disabled');
    const row = await this.outbox.requeue(id, (generation) => messageIdOf(id, generation, this.settings.messageIdDomain), this.clock.now());
    if (!row) {
      const existing = await this.outbox.byId(id);
      if (!existing) throw new NotFoundError(`No e-mail ${id}`, 'email_not_found');
      throw new ConflictError(`The e-mail is ${existing.status}: only a failed or sent e-mail can be sent again`, 'email_not_resendable', {
        status: existing.status,
      });
    }
    await this.audit.record({
      action: 'notifications.email.resend',
      targetType: 'email',
      targetId: id,
      reason,
      details: { kind: row.kind, orderId: row.order_id, recipients: row.recipients, messageId: row.message_id },
    });
    return viewOf(row);
  }
}
