import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import type { AlertKind } from '../domain/email-kinds';
import { alertDueAt, type AlertItems, collapseKeyOf, MAX_ITEMS_LISTED } from '../domain/merchant-alerts';
import { EmailOutboxStore } from '../persistence/email-outbox-store';
import { MailSettings } from './mail-settings';

export type AlertOutcome = 'off' | 'queued' | 'gathered';

/**
 * Queues a merchant alert in the event's transaction, collapsing floods (see ALERT_RULES): the event
 * joins the alert of its key that is still waiting, or starts one, due no sooner than a window after
 * the previous alert of that key went out.
 */
@Injectable()
export class AlertRequests {
  constructor(
    private readonly outbox: EmailOutboxStore,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  async raise<K extends AlertKind>(kind: K, item: AlertItems[K]): Promise<AlertOutcome> {
    if (!this.settings.enabled || this.settings.alertRecipients.length === 0) return 'off';
    const collapseKey = collapseKeyOf(kind, item);
    const now = this.clock.now();
    await this.outbox.lockAlertKey(kind, collapseKey);
    const gathered = await this.outbox.gatherIntoPendingAlert({ kind, collapseKey, item, maxItems: MAX_ITEMS_LISTED, now });
    if (gathered) return 'gathered';
    const previous = await this.outbox.lastAlertAt(kind, collapseKey);
    await this.outbox.addAlert({
      kind,
      collapseKey,
      recipients: this.settings.alertRecipients,
      language: this.settings.shopLanguage,
      item,
      dueAt: alertDueAt(kind, previous, now),
      messageIdDomain: this.settings.messageIdDomain,
      now,
    });
    return 'queued';
  }
}
