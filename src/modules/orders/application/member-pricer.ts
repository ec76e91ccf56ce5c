import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { AppError } from '../../../platform/http/app-error';
import { Metrics } from '../../../platform/observability/metrics';
import { DependencyUnavailableError, FacadeBreaker } from '../../../platform/resilience/facade-breaker';
import { MemberPricing, MembershipFacade } from '../../membership';
import { breakerSettings } from './breaker-settings';

/**
 * The signed-in buyer's level and discount, for member prices. Membership failing or slow must
 * not stop a sale: the buyer then pays as a guest would, and the order says so. After repeated
 * failures the breaker opens and membership is not asked for a while, then probed.
 */
@Injectable()
export class MemberPricer implements OnApplicationShutdown {
  private readonly logger = new Logger('MemberPricer');
  private readonly breaker: FacadeBreaker;

  constructor(
    private readonly membership: MembershipFacade,
    config: AppConfig,
    metrics: Metrics,
  ) {
    this.breaker = new FacadeBreaker(breakerSettings(config, 'membership', config.MEMBERSHIP_CALL_TIMEOUT_MS), metrics);
  }

  async pricingOf(memberId: string | undefined): Promise<{ pricing: MemberPricing | null; note: string | null }> {
    if (!memberId) return { pricing: null, note: null };
    try {
      return { pricing: await this.breaker.call(() => this.membership.pricingOf(memberId)), note: null };
    } catch (error) {
      // A member membership does not know (a 4xx) simply has no member price; only an outage is noted.
      if (error instanceof AppError && error.status < 500) return { pricing: null, note: null };
      if (!(error instanceof DependencyUnavailableError)) throw error;
      if (error.reason !== 'open') this.logger.warn(`membership unavailable, no member price for ${memberId}: ${error.message}`);
      return { pricing: null, note: 'membership unavailable: no member price applied' };
    }
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
