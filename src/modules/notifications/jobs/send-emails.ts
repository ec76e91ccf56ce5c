import { Injectable, OnModuleInit } from '@nestjs/common';
import { Scheduler } from '../../../platform/queue/scheduler';
import { EmailSender } from '../application/email-sender';
import { MailSettings } from '../application/mail-settings';

/** How often the outbox is looked at: how long a buyer waits for the keys' e-mail at most, when all is well. */
export const SEND_EVERY_MS = 5_000;

/**
 * The e-mail sender runs as a schedule (one worker per tick, any number of worker nodes) rather than
 * as a queue of jobs: the outbox rows already carry everything a queue would (due time, attempts,
 * last error) and stay the one truth the admin list reads; a job added after the commit could be lost
 * between the two, a schedule finds every due row by itself.
 */
@Injectable()
export class SendEmails implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly sender: EmailSender,
    private readonly settings: MailSettings,
  ) {}

  onModuleInit(): void {
    if (!this.settings.enabled) return;
    this.scheduler.every('notifications.send-emails', SEND_EVERY_MS, async () => {
      await this.sender.sendDue();
    });
  }
}
