import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { Scheduler } from '../../../platform/queue/scheduler';
import { PartnerStore } from '../persistence/partner-store';
import { RefreshTokenStore } from '../persistence/refresh-token-store';

const BATCH = 1000;
/** Expired refresh tokens are kept a day past their expiry: nothing is gained by hurrying, and a refresh racing the purge still finds its row. */
const REFRESH_TOKEN_GRACE_MS = 24 * 60 * 60 * 1000;

/** Forgets refresh tokens and used partner assertions that can no longer be used. Hourly. */
@Injectable()
export class PurgeExpired implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly partners: PartnerStore,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('membership.purge-expired', 60 * 60_000, async () => {
      await this.run();
    });
  }

  async run(): Promise<{ refreshTokens: number; assertions: number }> {
    const now = this.clock.now();
    const tokensBefore = new Date(now.getTime() - REFRESH_TOKEN_GRACE_MS);
    const purged = { refreshTokens: 0, assertions: 0 };
    for (;;) {
      const n = await this.txHost.withTransaction(() => this.refreshTokens.purgeExpired(tokensBefore, BATCH));
      purged.refreshTokens += n;
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await this.txHost.withTransaction(() => this.partners.purgeUsedAssertions(now, BATCH));
      purged.assertions += n;
      if (n < BATCH) break;
    }
    return purged;
  }
}
