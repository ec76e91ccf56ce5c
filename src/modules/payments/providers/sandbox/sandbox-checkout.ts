import { Injectable } from '@nestjs/common';
import { Clock } from '../../../../platform/clock/clock';
import { AppConfig } from '../../../../platform/config/app-config';
import { NotFoundError } from '../../../../platform/http/app-error';
import { ChannelAccess } from '../../channels/channel-access';
import { ChannelStore } from '../../persistence/channel-store';
import { SandboxLedger, SandboxTransaction } from './sandbox-ledger';
import { NotifyResult, SandboxNotifier } from './sandbox-notifier';
import { sandboxSettingsOf } from './sandbox-settings';

/**
 * The buyer's side of the sandbox: the hosted page shows the payment; paying it marks the sandbox
 * transaction paid and sends the shop a signed callback, as a real provider's checkout would.
 */
@Injectable()
export class SandboxCheckout {
  constructor(
    private readonly ledger: SandboxLedger,
    private readonly notifier: SandboxNotifier,
    private readonly channels: ChannelStore,
    private readonly access: ChannelAccess,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async show(paymentId: string): Promise<SandboxTransaction> {
    const transaction = this.config.NODE_ENV === 'production' ? null : await this.ledger.forShopPayment(paymentId);
    if (!transaction) throw this.notFound();
    return transaction;
  }

  /**
   * Completes the payment (`paid` or `closed`) and, unless told not to (a lost callback, for
   * reconciliation to find), notifies the shop at `baseUrl`. Paying again re-sends the callback.
   */
  async pay(paymentId: string, input: { outcome: 'paid' | 'failed'; notify: boolean; baseUrl: string }): Promise<{
    transaction: SandboxTransaction;
    callback: NotifyResult | null;
  }> {
    const opened = await this.show(paymentId);
    const channel = await this.channels.byCode(opened.channel);
    if (!channel || channel.provider !== 'sandbox') throw this.notFound();
    const transaction = await this.ledger.complete(opened.providerRef, input.outcome === 'paid' ? 'paid' : 'closed', this.clock.now());
    if (!input.notify || transaction.txnId === null) return { transaction, callback: null };
    const provider = this.access.open(channel);
    const callback = await this.notifier.send({
      baseUrl: input.baseUrl,
      channel: channel.code,
      secret: provider.credentials.secret,
      format: sandboxSettingsOf(provider.settings).callbackFormat,
      notification: {
        paymentId: transaction.paymentId,
        providerTxnId: transaction.txnId,
        providerRef: transaction.providerRef,
        amountMinor: transaction.amountMinor,
        currency: transaction.currency,
        status: transaction.status === 'paid' ? 'succeeded' : 'failed',
      },
    });
    return { transaction, callback };
  }

  private notFound() {
    return new NotFoundError('No sandbox payment with this id', 'sandbox_payment_not_found');
  }
}
