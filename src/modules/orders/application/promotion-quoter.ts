import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';
import { Adjustment, PromotionsFacade, QuoteContext } from '../../promotions';

const TIMEOUT_MS = 1500;

export interface GuardedQuote {
  adjustments: Adjustment[];
  totalAdjustmentMinor: number;
  /** Set when promotions could not answer and the order goes on at list price. */
  note: string | null;
}

/**
 * Asks promotions for a quote without letting it take checkout down: an error or a slow answer
 * means list price, and the order records that no promotion applied.
 */
@Injectable()
export class PromotionQuoter {
  private readonly logger = new Logger('PromotionQuoter');

  constructor(private readonly promotions: PromotionsFacade) {}

  async quote(context: QuoteContext): Promise<GuardedQuote> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const quote = await Promise.race([
        this.promotions.quote(context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return { adjustments: quote.adjustments, totalAdjustmentMinor: quote.totalAdjustmentMinor, note: null };
    } catch (error) {
      // A refusal (an invalid coupon, say) is an answer for the buyer, not an outage.
      if (error instanceof AppError && error.status < 500) throw error;
      this.logger.warn(`promotions unavailable, order goes on at list price: ${String(error)}`);
      return { adjustments: [], totalAdjustmentMinor: 0, note: 'promotions unavailable: no promotion applied' };
    } finally {
      clearTimeout(timer);
    }
  }
}
