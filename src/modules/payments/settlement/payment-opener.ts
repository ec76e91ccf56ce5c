import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { ValidationError } from '../../../platform/http/app-error';
import { feeFor } from '../domain/channel-rules';
import { paymentRequestProblems } from '../domain/payment-request';
import { PaymentStore } from '../persistence/payment-store';
import type { OpenedPayment, OpenPaymentInput } from '../public/payments.contracts';
import { PaymentRouter } from '../routing/payment-router';

/**
 * Opens a payment: the router finds a channel that takes it (with failover), then the payment row
 * is written in the caller's ambient transaction, so it exists only if the caller's order does.
 * The provider is called first: no row is left behind for a payment no channel would open.
 */
@Injectable()
export class PaymentOpener {
  constructor(
    private readonly router: PaymentRouter,
    private readonly payments: PaymentStore,
    private readonly clock: Clock,
  ) {}

  async open(input: OpenPaymentInput): Promise<OpenedPayment> {
    const problems = paymentRequestProblems(input, this.clock.now());
    if (problems.length > 0) throw new ValidationError(`Invalid payment: ${problems.join('; ')}`, problems);
    const paymentId = randomUUID();
    const { channel, created } = await this.router.open({ ...input, paymentId });
    await this.payments.insert({
      id: paymentId,
      orderId: input.orderId,
      orderNo: input.orderNo,
      channel: channel.code,
      providerRef: created.providerRef,
      amountMinor: input.amountMinor,
      currency: input.currency,
      feeMinor: feeFor(input.amountMinor, channel.feeBps, channel.feeFixedMinor),
      status: 'pending',
      providerTxnId: null,
      settledBy: null,
      payUrl: created.payUrl ?? null,
      qrContent: created.qrContent ?? null,
      refundedAmountMinor: 0,
      createdAt: this.clock.now(),
      expiresAt: input.expiresAt,
      succeededAt: null,
      closedAt: null,
    });
    return {
      paymentId,
      channel: channel.code,
      payUrl: created.payUrl ?? null,
      qrContent: created.qrContent ?? null,
      expiresAt: input.expiresAt.toISOString(),
    };
  }
}
