import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { Scheduler } from '../../../platform/queue/scheduler';
import { CardKeysFacade } from '../../card-keys';
import { OrderLifecycle } from '../application/order-lifecycle';
import { ORDER_LINE } from '../persistence/order-row';
import { OrdersRepository } from '../persistence/orders.repository';

const BATCH = 200;

/** Unpaid orders past their payment window expire and give their card keys back. */
@Injectable()
export class ExpireUnpaidOrders implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly orders: OrdersRepository,
    private readonly lifecycle: OrderLifecycle,
    private readonly cardKeys: CardKeysFacade,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('orders.expire-unpaid', 30_000, async () => {
      await this.run();
    });
  }

  /** Expires everything due; returns how many orders expired. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.txHost.withTransaction(async () => {
        const due = await this.orders.lockExpired(this.clock.now(), BATCH);
        for (const order of due) {
          await this.lifecycle.apply(order, 'expire', { reason: 'payment window closed' });
          await this.cardKeys.release({ orderId: order.id, lineId: ORDER_LINE });
        }
        return due.length;
      });
      total += expired;
      if (expired < BATCH) return total;
    }
  }
}
