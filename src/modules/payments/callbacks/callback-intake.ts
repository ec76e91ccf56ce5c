import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { AppError, NotFoundError } from '../../../platform/http/app-error';
import { JobQueue } from '../../../platform/queue/job-queue';
import { ChannelAccess } from '../channels/channel-access';
import { CallbackStore } from '../persistence/callback-store';
import { ChannelStore } from '../persistence/channel-store';
import type { CallbackAcknowledgement, ReceivedCallback } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import { SETTLEMENT_JOB_OPTIONS, SETTLEMENT_QUEUE, SettlementJob } from './settlement-queue';

/** 400: the callback's signature or content did not verify. Nothing was stored. */
export class InvalidCallbackError extends AppError {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_callback', 'The callback could not be verified');
  }
}

/**
 * Takes a provider callback: verifies it over the raw body with the channel's credentials, stores
 * it once (the same notification again finds the stored row), queues its settlement and returns
 * the acknowledgement the provider expects. Settling happens in the worker, so the provider gets
 * its answer at once and a slow settlement never makes it retry.
 */
@Injectable()
export class CallbackIntake {
  private readonly logger = new Logger('PaymentCallbacks');

  constructor(
    private readonly channels: ChannelStore,
    private readonly access: ChannelAccess,
    private readonly providers: ProviderRegistry,
    private readonly callbacks: CallbackStore,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** A disabled channel still takes callbacks: payments opened on it before may still be paid. */
  async receive(channelCode: string, callback: ReceivedCallback): Promise<CallbackAcknowledgement> {
    const channel = await this.channels.byCode(channelCode);
    if (!channel || !this.providers.has(channel.provider)) {
      this.logger.warn({ channel: channelCode }, 'callback for an unknown payment channel refused');
      throw new NotFoundError(`No payment channel ${channelCode}`, 'channel_not_found');
    }
    const provider = this.providers.get(channel.provider);
    const opened = this.access.open(channel);
    const verified = provider.verifyCallback(callback, opened.credentials, this.clock.now(), opened);
    if (verified.outcome === 'refused') {
      // The reason only: never the body's secrets, the signature or the channel's credentials.
      const bytes = callback.rawBody.length + callback.rawQuery.length;
      this.logger.warn({ channel: channel.code, reason: verified.reason, bytes }, `callback refused: ${verified.reason}`);
      throw new InvalidCallbackError();
    }
    if (verified.outcome === 'ignored') {
      this.logger.log({ channel: channel.code, reason: verified.reason }, `callback acknowledged and ignored: ${verified.reason}`);
      return provider.acknowledge();
    }
    const { record, fresh } = await this.callbacks.storeOnce({
      id: randomUUID(),
      channel: channel.code,
      providerTxnId: verified.providerTxnId,
      reportedStatus: verified.status,
      paymentId: verified.paymentId,
      amountMinor: verified.amountMinor,
      currency: verified.currency,
      receivedAt: this.clock.now(),
    });
    if (record.state === 'received') {
      // A repeat of a callback still waiting re-adds its job: a no-op while the job exists.
      await this.jobs.add<SettlementJob>(SETTLEMENT_QUEUE, 'settle', { callbackId: record.id }, { jobId: record.id, ...SETTLEMENT_JOB_OPTIONS });
    }
    if (fresh) this.logger.log({ channel: channel.code, callbackId: record.id, paymentId: record.paymentId, status: record.reportedStatus }, 'callback stored');
    return provider.acknowledge();
  }
}
