import { Injectable } from '@nestjs/common';
import { AppConfig, publicBaseUrl } from '../../../platform/config/app-config';
import { addressListOf, domainOf, type Sender, senderOf } from '../domain/email-address';
import type { Language } from '../domain/email-kinds';

/** The e-mail settings, read once from the configuration. */
@Injectable()
export class MailSettings {
  /** False without SMTP_URL: nothing is queued or sent. */
  readonly enabled: boolean;
  readonly smtpUrl: string | undefined;
  readonly sender: Sender;
  /** The right-hand side of our Message-IDs: the sender's domain. */
  readonly messageIdDomain: string;
  /** Merchant alerts go to these; none: no alerts are queued. */
  readonly alertRecipients: string[];
  readonly shopName: string;
  readonly shopLanguage: Language;

  constructor(config: AppConfig) {
    this.smtpUrl = config.SMTP_URL;
    this.enabled = Boolean(config.SMTP_URL);
    this.shopName = config.SHOP_NAME;
    this.shopLanguage = config.SHOP_LANGUAGE;
    this.sender = senderOf(config.MAIL_FROM, config.SHOP_NAME, publicBaseUrl(config));
    this.messageIdDomain = domainOf(this.sender.address);
    this.alertRecipients = addressListOf(config.MERCHANT_ALERT_EMAILS);
  }
}
