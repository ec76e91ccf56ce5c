import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import CircuitBreaker from 'opossum';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { ChannelBreakerOpenedV1 } from '../public/payments.events';
import type { RoutingSettings } from '../domain/channel-rules';

export type BreakerState = 'closed' | 'open' | 'half_open';
export type CallOutcome = 'succeeded' | 'failed' | 'timeout' | 'rejected';

type Thunk = () => Promise<unknown>;

interface Entry {
  /** The options the breaker was built with; other options build a new one. */
  signature: string;
  breaker: CircuitBreaker<[Thunk], unknown>;
}

/**
 * One opossum circuit breaker per channel around its create call: a timeout per call, opening
 * after too many failures in a rolling window, a single half-open probe after the reset timeout,
 * and closing on the probe's success.
 *
 * The breakers live in this process's memory, so each API node learns a channel's health on its
 * own; that is acceptable here (a sick channel costs each node a few failed calls before its breaker
 * opens). Figures that must be shared, the per-channel attempts and success rates, live in
 * PostgreSQL (payments.channel_attempts). Breakers are keyed by channel id, and rebuilt only when
 * the channel's breaker options change, so editing its other settings keeps its state.
 */
@Injectable()
export class ChannelBreakers implements OnApplicationShutdown {
  private readonly logger = new Logger('ChannelBreakers');
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly cls: ClsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async run<T>(channel: { id: string; code: string }, routing: RoutingSettings, call: () => Promise<T>): Promise<T> {
    return (await this.breakerFor(channel, routing).fire(call)) as T;
  }

  state(channelId: string): BreakerState {
    const breaker = this.entries.get(channelId)?.breaker;
    if (!breaker || breaker.closed) return 'closed';
    return breaker.halfOpen ? 'half_open' : 'open';
  }

  /** What a rejected call means: the breaker's own refusal or timeout, or the provider's error. */
  outcomeOf(error: unknown): Exclude<CallOutcome, 'succeeded'> {
    const code = (error as { code?: string } | null)?.code;
    if (code === 'EOPENBREAKER') return 'rejected';
    if (code === 'ETIMEDOUT' && CircuitBreaker.isOurError(error as Error)) return 'timeout';
    return 'failed';
  }

  onApplicationShutdown(): void {
    for (const { breaker } of this.entries.values()) breaker.shutdown();
    this.entries.clear();
  }

  private breakerFor(channel: { id: string; code: string }, routing: RoutingSettings): CircuitBreaker<[Thunk], unknown> {
    const channelId = channel.id;
    const options = {
      timeout: routing.timeoutMs,
      resetTimeout: routing.breakerResetMs,
      errorThresholdPercentage: routing.breakerErrorPercent,
      volumeThreshold: routing.breakerMinRequests,
      rollingCountTimeout: routing.breakerWindowMs,
      rollingCountBuckets: 10,
    };
    const signature = JSON.stringify(options);
    const existing = this.entries.get(channelId);
    if (existing?.signature === signature) return existing.breaker;
    existing?.breaker.shutdown();
    const breaker = new CircuitBreaker<[Thunk], unknown>((call: Thunk) => call(), { ...options, name: channelId });
    breaker.on('open', () => void this.announceOpen(channel, routing.breakerResetMs));
    this.entries.set(channelId, { signature, breaker });
    return breaker;
  }

  /**
   * Tells the merchant (notifications) that a channel was taken out of rotation. Each process has
   * its own breakers, so each node that sees the channel fail says so once per opening.
   */
  private async announceOpen(channel: { id: string; code: string }, retryInMs: number): Promise<void> {
    const event = new ChannelBreakerOpenedV1(channel.id, channel.code, retryInMs, this.clock.now().toISOString());
    try {
      await this.cls.run(() => this.txHost.withTransaction(() => this.outbox.publish(event)));
    } catch (e) {
      this.logger.error({ channel: channel.code, err: e }, 'could not publish that the channel breaker opened');
    }
  }
}
