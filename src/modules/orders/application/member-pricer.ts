import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';
import { MemberPricing, MembershipFacade } from '../../membership';
import { withTimeout } from './with-timeout';

const TIMEOUT_MS = 1000;

/**
 * The signed-in buyer's level and discount, for member prices. Membership failing or slow must
 * not stop a sale: the buyer then pays as a guest would, and the order says so.
 */
@Injectable()
export class MemberPricer {
  private readonly logger = new Logger('MemberPricer');

  constructor(private readonly membership: MembershipFacade) {}

  async pricingOf(memberId: string | undefined): Promise<{ pricing: MemberPricing | null; note: string | null }> {
    if (!memberId) return { pricing: null, note: null };
    try {
      return { pricing: await withTimeout(this.membership.pricingOf(memberId), TIMEOUT_MS, 'membership'), note: null };
    } catch (error) {
      // A member membership does not know (a 4xx) simply has no member price; only an outage is noted.
      if (error instanceof AppError && error.status < 500) return { pricing: null, note: null };
      this.logger.warn(`membership unavailable, no member price for ${memberId}: ${String(error)}`);
      return { pricing: null, note: 'membership unavailable: no member price applied' };
    }
  }
}
