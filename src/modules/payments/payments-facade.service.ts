import { Injectable } from '@nestjs/common';
import { ChannelStore } from './persistence/channel-store';
import { PaymentStore, toSummary } from './persistence/payment-store';
import type { OpenedPayment, OpenPaymentInput, PaymentSummary, RefundResult } from './public/payments.contracts';
import { PaymentsFacade } from './public/payments.facade';
import { PaymentRouter } from './routing/payment-router';
import { ManualConfirmation } from './settlement/manual-confirmation';
import { PaymentOpener } from './settlement/payment-opener';
import { Refunds } from './settlement/refunds';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PaymentsFacadeService extends PaymentsFacade {
  constructor(
    private readonly opener: PaymentOpener,
    private readonly refunds: Refunds,
    private readonly manual: ManualConfirmation,
    private readonly payments: PaymentStore,
    private readonly channels: ChannelStore,
    private readonly router: PaymentRouter,
  ) {
    super();
  }

  openPayment(input: OpenPaymentInput): Promise<OpenedPayment> {
    return this.opener.open(input);
  }

  refund(input: { paymentId: string; amountMinor?: number; reason: string }): Promise<RefundResult> {
    return this.refunds.refund(input);
  }

  confirmManually(input: { orderId: string; providerTxnId: string; reason: string }): Promise<PaymentSummary> {
    return this.manual.confirm(input);
  }

  async paymentsOf(orderId: string): Promise<PaymentSummary[]> {
    if (!UUID.test(orderId)) return [];
    return (await this.payments.ofOrder(orderId)).map(toSummary);
  }

  async availableChannels(): Promise<Array<{ code: string; displayName: string }>> {
    return (await this.channels.all(true)).filter((c) => this.router.usable(c)).map((c) => ({ code: c.code, displayName: c.displayName }));
  }
}
