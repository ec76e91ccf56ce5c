import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';
import { Adjustment, HoldContext, PromotionsFacade, QuoteContext } from '../../promotions';
import { withTimeout } from './with-timeout';

const TIMEOUT_MS = 1500;

export interface GuardedQuote {
  adjustments: Adjustment[];
  totalAdjustmentMinor: number;
  couponCode: string | null;
  experiments: Array<{ key: string; variant: string }>;
  /** Set when promotions could not answer and the order goes on at list price. */
  note: string | null;
}

const LIST_PRICE: Omit<GuardedQuote, 'note'> = { adjustments: [], totalAdjustmentMinor: 0, couponCode: null, experiments: [] };

/**
 * Asks promotions without letting it take checkout down: an error or a slow answer means list
 * price, and the order records that no promotion applied. A refusal the buyer can act on (an
 * unknown or used-up coupon: a 4xx) is passed on.
 */
@Injectable()
export class PromotionQuoter {
  private readonly logger = new Logger('PromotionQuoter');

  constructor(private readonly promotions: PromotionsFacade) {}

  /** A price for the buyer to see; takes nothing. */
  quote(context: QuoteContext): Promise<GuardedQuote> {
    return this.guarded(() => this.promotions.quote(context));
  }

  /**
   * Quotes and holds coupon uses and flash-sale units for the order. When promotions fails or is
   * too slow, whatever it may still hold for this order is given back in the background (a hold
   * that lands after that release is refused by promotions, and stale holds are swept anyway).
   */
  async hold(context: HoldContext): Promise<GuardedQuote> {
    const quote = await this.guarded(() => this.promotions.holdForOrder(context));
    if (quote.note !== null) this.releaseInBackground(context.orderId);
    return quote;
  }

  /** Undo of hold: gives back what the order held. Never fails checkout's own error handling. */
  async release(orderId: string): Promise<void> {
    await withTimeout(this.promotions.releaseOrder(orderId), TIMEOUT_MS, 'promotions').catch((error: unknown) => {
      this.logger.warn(`could not release the promotions of order ${orderId} (swept later): ${String(error)}`);
    });
  }

  private releaseInBackground(orderId: string): void {
    void this.release(orderId);
  }

  private async guarded(call: () => Promise<Omit<GuardedQuote, 'note'>>): Promise<GuardedQuote> {
    try {
      const quote = await withTimeout(call(), TIMEOUT_MS, 'promotions');
      return { adjustments: quote.adjustments, totalAdjustmentMinor: quote.totalAdjustmentMinor, couponCode: quote.couponCode, experiments: quote.experiments, note: null };
    } catch (error) {
      // A refusal (an invalid coupon, say) is an answer for the buyer, not an outage.
      if (error instanceof AppError && error.status < 500) throw error;
      this.logger.warn(`promotions unavailable, order goes on at list price: ${String(error)}`);
      return { ...LIST_PRICE, note: 'promotions unavailable: no promotion applied' };
    }
  }
}
