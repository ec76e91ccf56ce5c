import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { Metrics } from '../../../platform/observability/metrics';
import { DependencyUnavailableError, FacadeBreaker } from '../../../platform/resilience/facade-breaker';
import { Adjustment, HoldContext, PromotionsFacade, QuoteContext } from '../../promotions';
import { breakerSettings } from './breaker-settings';

export interface GuardedQuote {
  adjustments: Adjustment[];
  totalAdjustmentMinor: number;
  couponCode: string | null;
  experiments: Array<{ key: string; variant: string }>;
  /** Set when promotions could not answer and the order goes on at list price. */
  note: string | null;
}

const LIST_PRICE: Omit<GuardedQuote, 'note'> = { adjustments: [], totalAdjustmentMinor: 0, couponCode: null, experiments: [] };
const NO_PROMOTION = 'promotions unavailable: no promotion applied';

/**
 * Asks promotions without letting it take checkout down: an error or a slow answer means list
 * price, and the order records that no promotion applied. After repeated failures the breaker
 * opens and promotions is not asked at all for a while (checkout answers at once), then probed.
 * A refusal the buyer can act on (an unknown or used-up coupon: a 4xx) is passed on.
 */
@Injectable()
export class PromotionQuoter implements OnApplicationShutdown {
  private readonly logger = new Logger('PromotionQuoter');
  private readonly breaker: FacadeBreaker;

  constructor(
    private readonly promotions: PromotionsFacade,
    config: AppConfig,
    metrics: Metrics,
  ) {
    this.breaker = new FacadeBreaker(breakerSettings(config, 'promotions', config.PROMOTIONS_CALL_TIMEOUT_MS), metrics);
  }

  /** A price for the buyer to see; takes nothing. */
  quote(context: QuoteContext): Promise<GuardedQuote> {
    return this.guarded(() => this.promotions.quote(context)).then(({ quote }) => quote);
  }

  /**
   * Quotes and holds coupon uses and flash-sale units for the order. When promotions fails or is
   * too slow, whatever it may still hold for this order is given back in the background (a hold
   * that lands after that release is refused by promotions, and stale holds are swept anyway).
   * When the breaker is open promotions was not called, so there is nothing to give back.
   */
  async hold(context: HoldContext): Promise<GuardedQuote> {
    const { quote, called } = await this.guarded(() => this.promotions.holdForOrder(context));
    if (quote.note !== null && called) this.releaseInBackground(context.orderId);
    return quote;
  }

  /** Undo of hold: gives back what the order held. Never fails checkout's own error handling. */
  async release(orderId: string): Promise<void> {
    await this.breaker.call(() => this.promotions.releaseOrder(orderId)).catch((error: unknown) => {
      this.logger.warn(`could not release the promotions of order ${orderId} (swept later): ${String(error)}`);
    });
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }

  private releaseInBackground(orderId: string): void {
    void this.release(orderId);
  }

  private async guarded(call: () => Promise<Omit<GuardedQuote, 'note'>>): Promise<{ quote: GuardedQuote; called: boolean }> {
    try {
      const quote = await this.breaker.call(call);
      return {
        quote: { adjustments: quote.adjustments, totalAdjustmentMinor: quote.totalAdjustmentMinor, couponCode: quote.couponCode, experiments: quote.experiments, note: null },
        called: true,
      };
    } catch (error) {
      // A refusal (an invalid coupon, say) is an answer for the buyer, not an outage.
      if (!(error instanceof DependencyUnavailableError)) throw error;
      if (error.reason !== 'open') this.logger.warn(`promotions unavailable, order goes on at list price: ${error.message}`);
      return { quote: { ...LIST_PRICE, note: NO_PROMOTION }, called: error.reason !== 'open' };
    }
  }
}
