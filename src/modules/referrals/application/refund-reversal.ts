import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import type { OrderRefundedV1 } from '../../orders/events';
import { reverseForRefund } from '../domain/commission-reversal';
import { CommissionStore } from '../persistence/commission-store';
import { MemberStore } from '../persistence/member-store';
import { SaleStore } from '../persistence/sale-store';
import { TreePathsStore } from '../persistence/tree-paths-store';
import { RankKeeper } from './rank-keeper';
import { TreeLock } from './tree-lock';
import { WalletBook } from './wallet-book';

/** Thrown (and so retried with backoff) when a refund is delivered before its order's payment was. */
export class SaleNotRecordedYetError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} was refunded but its payment is not recorded yet; retrying`);
  }
}

/**
 * An order was refunded, wholly or in part (several partial refunds may follow one another): each
 * commission loses the refunded share of itself, computed on the cumulative refund so nothing
 * drifts. A frozen commission is reduced (cancelled when nothing is left); a settled one is clawed
 * back from the wallet, into debt where the balance is short. Team sales and ranks follow.
 */
@Injectable()
export class RefundReversal {
  constructor(
    private readonly lock: TreeLock,
    private readonly members: MemberStore,
    private readonly paths: TreePathsStore,
    private readonly sales: SaleStore,
    private readonly commissions: CommissionStore,
    private readonly rankKeeper: RankKeeper,
    private readonly wallets: WalletBook,
    private readonly clock: Clock,
  ) {}

  async reverse(event: OrderRefundedV1): Promise<void> {
    if (!event.memberId) return;
    await this.lock.shared();
    const now = this.clock.now();
    const sale = await this.sales.byOrder(event.orderId, true);
    if (!sale) throw new SaleNotRecordedYetError(event.orderId);
    const refunded = Math.min(sale.paidMinor, sale.refundedMinor + event.amountMinor);
    const delta = refunded - sale.refundedMinor;
    if (delta <= 0) return;
    await this.sales.setRefunded(sale.orderId, refunded, now);

    if (sale.counted) {
      const ancestors = await this.paths.ancestorsOf(sale.buyerId);
      await this.members.lockMany([sale.buyerId, ...ancestors]);
      await this.members.addOwnSales(sale.buyerId, -delta);
      await this.members.addTeam(ancestors, 0, -delta);
      await this.rankKeeper.recompute(ancestors);
    }

    for (const c of await this.commissions.byOrderLocked(sale.orderId)) {
      const r = reverseForRefund(c, sale.paidMinor, refunded);
      if (r.deltaMinor === 0) continue;
      await this.commissions.saveReversal(c.id, r.reversedMinor, r.status, now);
      if (r.clawbackMinor > 0) await this.wallets.post(c.beneficiaryId, -r.clawbackMinor, 'clawback', { commissionId: c.id });
    }
  }
}
