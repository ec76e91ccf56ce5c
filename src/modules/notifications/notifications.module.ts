import { Module } from '@nestjs/common';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { OrdersModule } from '../orders';
import { AlertRequests } from './application/alert-requests';
import { BuyerMailRequests } from './application/buyer-mail-requests';
import { EmailRenderer } from './application/email-renderer';
import { EmailSender } from './application/email-sender';
import { EmailsAdmin } from './application/emails-admin';
import { MailSettings } from './application/mail-settings';
import { AlertMerchant } from './handlers/alert-merchant';
import { MailBuyers } from './handlers/mail-buyers';
import { EmailsAdminController } from './http/emails-admin.controller';
import { SendEmails } from './jobs/send-emails';
import { SmtpMailer } from './mail/smtp-mailer';
import { NotificationsFacadeService } from './notifications-facade.service';
import { EmailOutboxStore } from './persistence/email-outbox-store';
import { NotificationsFacade } from './public/notifications.facade';

@ModuleLabel('notifications')
@Module({
  imports: [OrdersModule],
  controllers: [EmailsAdminController],
  providers: [
    MailSettings,
    EmailOutboxStore,
    SmtpMailer,
    BuyerMailRequests,
    AlertRequests,
    EmailRenderer,
    EmailSender,
    EmailsAdmin,
    MailBuyers,
    AlertMerchant,
    SendEmails,
    ...facadeProviders(NotificationsFacade, NotificationsFacadeService, 'notifications'),
  ],
  exports: [NotificationsFacade],
})
export class NotificationsModule {}
