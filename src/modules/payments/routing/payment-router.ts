import { Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig, publicBaseUrl } from '../../../platform/config/app-config';
import { ChannelAccess } from '../channels/channel-access';
import { rankChannels } from '../domain/channel-ranking';
import { routingSettingsOf } from '../domain/channel-rules';
import { AttemptLog } from '../persistence/attempt-log';
import { ChannelRecord, ChannelStore } from '../persistence/channel-store';
import type { CreatedPayment } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import { NoPaymentChannelError } from '../public/payments.errors';
import { CallOutcome, ChannelBreakers } from './channel-breakers';

/** Where a channel's provider sends its notifications; the per-payment URL adds /<paymentId>. */
export const callbackPath = (channelCode: string) => `/api/payments/callbacks/${channelCode}`;

export interface RouteRequest {
  paymentId: string;
  orderNo: string;
  amountMinor: number;
  currency: string;
  subject: string;
  expiresAt: Date;
  preferredChannel?: string;
  returnUrl?: string;
  clientIp?: string;
}

export interface Routed {
  channel: ChannelRecord;
  created: CreatedPayment;
}

/**
 * Opens a payment at a provider with failover: the candidates are the enabled channels that take
 * the currency and amount, the preferred one first, then by priority. Each create call goes
 * through the channel's circuit breaker with its timeout; an error, a timeout or an open breaker
 * moves on to the next channel. Every attempt is recorded for the channel's health figures.
 */
@Injectable()
export class PaymentRouter {
  private readonly logger = new Logger('PaymentRouter');

  constructor(
    private readonly channels: ChannelStore,
    private readonly access: ChannelAccess,
    private readonly providers: ProviderRegistry,
    private readonly breakers: ChannelBreakers,
    private readonly attempts: AttemptLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async open(request: RouteRequest): Promise<Routed> {
    const usable = (await this.channels.all(true)).filter((c) => this.usable(c));
    const candidates = rankChannels(usable, request);
    if (candidates.length === 0) {
      throw new NoPaymentChannelError({ reason: 'no enabled channel takes this currency and amount', currency: request.currency, amountMinor: request.amountMinor });
    }
    const tried: Array<{ channel: string; outcome: CallOutcome }> = [];
    for (const channel of candidates) {
      const { outcome, created } = await this.attempt(channel, request);
      tried.push({ channel: channel.code, outcome });
      if (created) return { channel, created };
    }
    throw new NoPaymentChannelError({ tried });
  }

  /** Channels a buyer may be offered: enabled, with an implemented provider, not a test one in production. */
  usable(channel: ChannelRecord): boolean {
    if (!channel.enabled || !this.providers.has(channel.provider)) return false;
    return !(this.providers.get(channel.provider).testOnly && this.config.NODE_ENV === 'production');
  }

  private async attempt(channel: ChannelRecord, request: RouteRequest): Promise<{ outcome: CallOutcome; created?: CreatedPayment }> {
    const provider = this.access.providerOf(channel);
    const abort = new AbortController();
    const started = performance.now();
    let outcome: CallOutcome = 'succeeded';
    let error: string | null = null;
    let created: CreatedPayment | undefined;
    try {
      created = await this.breakers.run(channel, routingSettingsOf(channel.settings), () =>
        provider.createPayment({
          channel: this.access.open(channel),
          paymentId: request.paymentId,
          orderNo: request.orderNo,
          amountMinor: request.amountMinor,
          currency: request.currency,
          subject: request.subject,
          expiresAt: request.expiresAt,
          notifyUrl: `${publicBaseUrl(this.config)}${callbackPath(channel.code)}/${request.paymentId}`,
          returnUrl: request.returnUrl ?? `${publicBaseUrl(this.config)}/orders/${encodeURIComponent(request.orderNo)}`,
          clientIp: request.clientIp,
          signal: abort.signal,
        }),
      );
    } catch (e) {
      abort.abort();
      outcome = this.breakers.outcomeOf(e);
      error = e instanceof Error ? e.message : String(e);
      this.logger.warn({ channel: channel.code, paymentId: request.paymentId, outcome, error }, `channel ${channel.code} could not open a payment; trying the next`);
    }
    await this.attempts
      .record({
        channelId: channel.id,
        channel: channel.code,
        paymentId: request.paymentId,
        outcome,
        latencyMs: outcome === 'rejected' ? 0 : performance.now() - started,
        error,
        at: this.clock.now(),
      })
      .catch((e: unknown) => this.logger.error({ err: e }, 'could not record a channel attempt'));
    return { outcome, created };
  }
}
