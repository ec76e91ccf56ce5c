import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { CallbackIntake } from './callbacks/callback-intake';
import { CallbackSettler } from './callbacks/callback-settler';
import { SETTLEMENT_QUEUE } from './callbacks/settlement-queue';
import { ChannelAccess } from './channels/channel-access';
import { ChannelHealth } from './channels/channel-health';
import { ChannelsAdmin } from './channels/channels-admin';
import { CredentialsCipher } from './channels/credentials-cipher';
import { CallbackRawBodyMiddleware } from './http/callback-raw-body.middleware';
import { CallbacksController } from './http/callbacks.controller';
import { ChannelsAdminController } from './http/channels-admin.controller';
import { PaymentsAdminController } from './http/payments-admin.controller';
import { StorefrontChannels } from './channels/storefront-channels';
import { StorefrontChannelsController } from './http/storefront-channels.controller';
import { SandboxPayController } from './http/sandbox-pay.controller';
import { PaymentsWorkers } from './jobs/payments-workers';
import { PaymentsFacadeService } from './payments-facade.service';
import { AttemptLog } from './persistence/attempt-log';
import { CallbackStore } from './persistence/callback-store';
import { ChannelStore } from './persistence/channel-store';
import { PaymentStore } from './persistence/payment-store';
import { RefundStore } from './persistence/refund-store';
import { AlipayProvider } from './providers/alipay/alipay.provider';
import { EpayProvider } from './providers/epay/epay.provider';
import { ProviderRegistry } from './providers/provider-registry';
import { SandboxCheckout } from './providers/sandbox/sandbox-checkout';
import { SandboxLedger } from './providers/sandbox/sandbox-ledger';
import { SandboxNotifier } from './providers/sandbox/sandbox-notifier';
import { SandboxProvider } from './providers/sandbox/sandbox.provider';
import { StripeProvider } from './providers/stripe/stripe.provider';
import { PaymentsFacade } from './public/payments.facade';
import { ChannelBreakers } from './routing/channel-breakers';
import { PaymentRouter } from './routing/payment-router';
import { ManualConfirmation } from './settlement/manual-confirmation';
import { PaymentOpener } from './settlement/payment-opener';
import { PaymentsAdmin } from './settlement/payments-admin';
import { Reconciliation } from './settlement/reconciliation';
import { Refunds } from './settlement/refunds';
import { Settlement } from './settlement/settlement';

@ModuleLabel('payments')
@Module({
  imports: [QueueModule.registerQueues(SETTLEMENT_QUEUE)],
  controllers: [ChannelsAdminController, PaymentsAdminController, CallbacksController, SandboxPayController, StorefrontChannelsController],
  providers: [
    CredentialsCipher,
    StorefrontChannels,
    ChannelStore,
    PaymentStore,
    CallbackStore,
    RefundStore,
    AttemptLog,
    SandboxLedger,
    SandboxProvider,
    SandboxNotifier,
    SandboxCheckout,
    EpayProvider,
    AlipayProvider,
    StripeProvider,
    ProviderRegistry,
    ChannelAccess,
    ChannelsAdmin,
    ChannelHealth,
    ChannelBreakers,
    PaymentRouter,
    PaymentOpener,
    Settlement,
    Refunds,
    ManualConfirmation,
    Reconciliation,
    PaymentsAdmin,
    CallbackIntake,
    CallbackSettler,
    PaymentsWorkers,
    ...facadeProviders(PaymentsFacade, PaymentsFacadeService, 'payments'),
  ],
  exports: [PaymentsFacade],
})
export class PaymentsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CallbackRawBodyMiddleware).forRoutes(CallbacksController);
  }
}
