import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { CommissionStore } from '../persistence/commission-store';
import { CommissionSettledV1 } from '../public/referrals.events';
import { WalletBook } from './wallet-book';

/**
 * Commissions whose refund window has passed are credited: what is left of each (the amount less
 * what refunds inside the window took) goes to the member's wallet, paying any debt first.
 */
@Injectable()
export class CommissionSettlement {
  constructor(
    private readonly commissions: CommissionStore,
    private readonly wallets: WalletBook,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  /** Settles up to `limit` due commissions in the caller's transaction; returns how many it took. */
  async settleDue(limit: number): Promise<number> {
    const now = this.clock.now();
    const due = await this.commissions.dueLocked(now, limit);
    const events: CommissionSettledV1[] = [];
    for (const c of due) {
      const credited = c.amountMinor - c.reversedMinor;
      if (credited <= 0) {
        await this.commissions.saveSettlement(c.id, 'cancelled', 0, now);
        continue;
      }
      await this.commissions.saveSettlement(c.id, 'settled', credited, now);
      await this.wallets.post(c.beneficiaryId, credited, 'commission', { commissionId: c.id });
      events.push(new CommissionSettledV1(c.id, c.beneficiaryId, c.orderId, c.level, credited, c.currency, now.toISOString()));
    }
    await this.outbox.publish(...events);
    return due.length;
  }
}
