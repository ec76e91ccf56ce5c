import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import type { QueuedJob } from '../../../platform/queue/job-queue';
import { CallbackRecord, CallbackStore } from '../persistence/callback-store';
import { PaymentStore } from '../persistence/payment-store';
import { PaymentMismatchV1 } from '../public/payments.events';
import { Settlement } from '../settlement/settlement';
import type { SettlementJob } from './settlement-queue';

/** Thrown to retry later: the payment a callback names is not visible yet (its transaction is still open). */
class PaymentNotVisibleYet extends Error {}

/**
 * The settlement worker: applies one stored callback. A success goes through Settlement (amount
 * to the cent, once); a failure closes a still-pending payment. Every callback ends in a final
 * state the admin can list: settled, duplicate, applied, ignored, mismatch, conflict, unmatched.
 */
@Injectable()
export class CallbackSettler {
  private readonly logger = new Logger('PaymentSettlement');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly callbacks: CallbackStore,
    private readonly payments: PaymentStore,
    private readonly settlement: Settlement,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async run(job: QueuedJob<SettlementJob>): Promise<void> {
    const lastAttempt = job.attemptsMade + 1 >= job.maxAttempts;
    try {
      await this.txHost.withTransaction(async () => {
        const callback = await this.callbacks.byId(job.data.callbackId, true);
        if (!callback || callback.state !== 'received') return;
        await this.apply(callback);
      });
    } catch (e) {
      if (!(e instanceof PaymentNotVisibleYet) || !lastAttempt) throw e;
      await this.txHost.withTransaction(() =>
        this.callbacks.finish(job.data.callbackId, 'unmatched', { reason: 'no such payment' }, this.clock.now()),
      );
      this.logger.error({ callbackId: job.data.callbackId }, 'a verified callback names a payment that does not exist');
    }
  }

  private async apply(callback: CallbackRecord): Promise<void> {
    const now = this.clock.now();
    const payment = await this.payments.byId(callback.paymentId);
    if (!payment) throw new PaymentNotVisibleYet(`payment ${callback.paymentId} not found`);
    if (callback.reportedStatus === 'failed') {
      const sameChannel = payment.channel === callback.channel;
      const closed = sameChannel && (await this.payments.close(payment.id, 'failed', now));
      const reason = sameChannel ? `payment is ${payment.status}` : `payment was opened on ${payment.channel}`;
      await this.callbacks.finish(callback.id, closed ? 'applied' : 'ignored', closed ? null : { reason }, now);
      return;
    }
    const result = await this.settlement.settle(
      callback.paymentId,
      { channel: callback.channel, providerTxnId: callback.providerTxnId, amountMinor: callback.amountMinor, currency: callback.currency },
      'callback',
    );
    switch (result.outcome) {
      case 'settled':
      case 'duplicate':
        await this.callbacks.finish(callback.id, result.outcome, null, now);
        return;
      case 'mismatch':
        await this.callbacks.finish(callback.id, 'mismatch', { problems: result.problems }, now);
        await this.outbox.publish(
          new PaymentMismatchV1(
            payment.id,
            payment.orderId,
            callback.channel,
            payment.amountMinor,
            callback.amountMinor,
            payment.currency,
            callback.currency,
            callback.providerTxnId,
            now.toISOString(),
          ),
        );
        return;
      case 'conflict':
        await this.callbacks.finish(callback.id, 'conflict', { reason: result.reason }, now);
        return;
      case 'missing':
        throw new PaymentNotVisibleYet(`payment ${callback.paymentId} not found`);
    }
  }
}
