import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { Scheduler } from '../../../platform/queue/scheduler';
import { OrderHolds } from '../application/order-holds';
import { HoldStore } from '../persistence/hold-store';

/** Past the payment window by this much, a hold nobody closed is given back (orders' own expiry normally does it first). */
export const STALE_HOLD_GRACE_MS = 10 * 60_000;
const BATCH = 200;

/**
 * Holds whose order never came (the process died between the hold and the order) or whose expiry
 * event is lost would keep a coupon use or flash-sale units forever; this gives them back.
 */
@Injectable()
export class ReleaseStaleHolds implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly holds: HoldStore,
    private readonly orderHolds: OrderHolds,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('promotions.release-stale-holds', 60_000, async () => {
      await this.run();
    });
  }

  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const before = new Date(this.clock.now().getTime() - STALE_HOLD_GRACE_MS);
      const released = await this.txHost.withTransaction(async () => {
        const due = await this.holds.staleHolds(before, BATCH);
        for (const orderId of due) await this.orderHolds.release(orderId);
        return due.length;
      });
      total += released;
      if (released < BATCH) return total;
    }
  }
}
