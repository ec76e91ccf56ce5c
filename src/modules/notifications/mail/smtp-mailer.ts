import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { MailSettings } from '../application/mail-settings';
import type { RenderedEmail } from '../domain/message';

export interface OutgoingMail extends RenderedEmail {
  to: string[];
  messageId: string;
}

/** How long one attempt may take: a dead or silent server must not hold the sender (and the schedule queue) for long. */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * Hands messages to the SMTP server of SMTP_URL through nodemailer, one connection per message (a
 * shop sends a handful a minute; a pool would only keep sockets to a server that may be down).
 * Resolves when the server accepted the message (250 after DATA); rejects with nodemailer's error,
 * which carries the SMTP answer (`responseCode`, `response`) or the connection failure (`code`).
 */
@Injectable()
export class SmtpMailer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private transporter: Transporter | null = null;

  constructor(private readonly settings: MailSettings) {}

  onModuleInit(): void {
    if (!this.settings.enabled) {
      this.logger.warn('SMTP_URL is not set: e-mail is off (no buyer e-mails, no merchant alerts are queued or sent)');
      return;
    }
    this.transporter = createTransport({
      url: this.settings.smtpUrl,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
    if (this.settings.alertRecipients.length === 0) this.logger.log('MERCHANT_ALERT_EMAILS is empty: no merchant alerts');
  }

  async send(mail: OutgoingMail): Promise<{ response: string }> {
    if (!this.transporter) throw new Error('e-mail is off (SMTP_URL is not set)');
    const info = (await this.transporter.sendMail({
      from: { name: this.settings.sender.name, address: this.settings.sender.address },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      // Out-of-office and bounce robots must not answer an automatic message (RFC 3834).
      headers: { 'Auto-Submitted': 'auto-generated' },
    })) as { response?: string };
    return { response: String(info.response ?? '') };
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
