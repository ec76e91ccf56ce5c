import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Scheduler } from '../../../platform/queue/scheduler';
import { CommissionSettlement } from '../application/commission-settlement';

const BATCH = 200;

/** Every minute: frozen commissions past their refund window are settled to the wallets, a batch per transaction. */
@Injectable()
export class SettleCommissions implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly settlement: CommissionSettlement,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('referrals.settle-commissions', 60_000, async () => {
      await this.run();
    });
  }

  /** Settles everything due now; returns how many commissions it took. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await this.txHost.withTransaction(() => this.settlement.settleDue(BATCH));
      total += taken;
      if (taken < BATCH) return total;
    }
  }
}
