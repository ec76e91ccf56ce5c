import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { AppError, BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { ChannelAccess } from '../channels/channel-access';
import { refundableMinor } from '../domain/settlement-rules';
import { ChannelStore } from '../persistence/channel-store';
import { PaymentRecord, PaymentStore } from '../persistence/payment-store';
import { RefundStore } from '../persistence/refund-store';
import type { ProviderRefund } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import type { RefundResult } from '../public/payments.contracts';
import { PaymentRefundedV1 } from '../public/payments.events';

/** Generous: a refund cut off after the provider paid it back leaves a person to check by hand. */
const REFUND_TIMEOUT_MS = 30_000;

/**
 * Gives money back through the payment's provider. A channel that cannot refund (or money that
 * came in by hand) is flagged for a person instead: audited, listed in the admin, and reported as
 * PaymentRefundedV1 with outcome 'flagged'. The payment row stays locked during the provider call,
 * so two refunds never race, and the provider gets a request id stable across retries.
 */
@Injectable()
export class Refunds {
  private readonly logger = new Logger('PaymentRefunds');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly payments: PaymentStore,
    private readonly refunds: RefundStore,
    private readonly channels: ChannelStore,
    private readonly access: ChannelAccess,
    private readonly providers: ProviderRegistry,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async refund(input: { paymentId: string; amountMinor?: number; reason: string }): Promise<RefundResult> {
    if (typeof input.reason !== 'string' || input.reason.trim().length === 0 || input.reason.length > 500) {
      throw new ValidationError('A refund needs a reason of 1-500 characters');
    }
    if (input.amountMinor !== undefined && (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)) {
      throw new ValidationError('amountMinor must be a positive whole number of minor units');
    }
    return this.txHost.withTransaction(async () => {
      const payment = await this.payments.byId(input.paymentId, true);
      if (!payment) throw new NotFoundError(`No payment ${input.paymentId}`, 'payment_not_found');
      const left = refundableMinor(payment);
      if (left === 0) throw new ConflictError(`A ${payment.status} payment has nothing to refund`, 'payment_not_refundable');
      const amountMinor = input.amountMinor ?? left;
      if (amountMinor > left) {
        throw new BusinessRuleError(`Only ${left} can still be refunded`, 'refund_exceeds_payment', { refundableMinor: left });
      }
      const requestNo = await this.refunds.nextRequestNo(payment.id);
      const answer = await this.askProvider(payment, amountMinor, input.reason, requestNo);
      const outcome = answer.outcome === 'refunded' ? 'refunded' : 'flagged';
      const now = this.clock.now();
      await this.refunds.insert({
        id: randomUUID(),
        paymentId: payment.id,
        requestNo,
        amountMinor,
        outcome,
        providerRefundId: answer.outcome === 'refunded' ? answer.providerRefundId : null,
        reason: input.reason,
        createdAt: now,
        resolvedAt: null,
        resolution: null,
      });
      await this.payments.addRefunded(payment.id, amountMinor);
      await this.audit.record({
        action: outcome === 'refunded' ? 'payments.refund' : 'payments.refund.flagged',
        targetType: 'payment',
        targetId: payment.id,
        reason: input.reason,
        details: {
          orderId: payment.orderId,
          amountMinor,
          currency: payment.currency,
          channel: payment.channel,
          ...(answer.outcome === 'unsupported' ? { flaggedBecause: answer.reason } : { providerRefundId: answer.providerRefundId }),
        },
      });
      await this.outbox.publish(
        new PaymentRefundedV1(payment.id, payment.orderId, amountMinor, payment.currency, outcome, input.reason, now.toISOString()),
      );
      return { paymentId: payment.id, outcome, amountMinor };
    });
  }

  private async askProvider(payment: PaymentRecord, amountMinor: number, reason: string, requestNo: number): Promise<ProviderRefund> {
    if (payment.settledBy === 'manual') return { outcome: 'unsupported', reason: 'the payment was confirmed by hand' };
    const channel = await this.channels.byCode(payment.channel);
    if (!channel || !this.providers.has(channel.provider)) return { outcome: 'unsupported', reason: 'the channel is gone' };
    try {
      return await this.access.providerOf(channel).refund({
        channel: this.access.open(channel),
        paymentId: payment.id,
        providerRef: payment.providerRef,
        providerTxnId: payment.providerTxnId as string,
        amountMinor,
        currency: payment.currency,
        reason,
        requestId: `${payment.id}-r${requestNo}`,
        signal: AbortSignal.timeout(REFUND_TIMEOUT_MS),
      });
    } catch (e) {
      // A refund that timed out may still have been paid at the provider: say so, a person checks before retrying.
      this.logger.error({ paymentId: payment.id, channel: channel.code, error: (e as Error).message }, 'the provider refused a refund, or did not answer in time');
      throw new AppError(HttpStatus.BAD_GATEWAY, 'refund_failed', `The ${channel.code} channel could not refund now; nothing was changed, try again`);
    }
  }
}
