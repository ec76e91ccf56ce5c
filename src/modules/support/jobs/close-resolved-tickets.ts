import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { Scheduler } from '../../../platform/queue/scheduler';
import { TicketWorkflow } from '../application/ticket-workflow';
import { transitionFor } from '../domain/ticket-transitions';
import { TicketStore } from '../persistence/ticket-store';

const BATCH = 200;
const DAY = 86_400_000;

/** Closes tickets left resolved for SUPPORT_AUTO_CLOSE_DAYS without the buyer coming back. Closed is final. */
@Injectable()
export class CloseResolvedTickets implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tickets: TicketStore,
    private readonly workflow: TicketWorkflow,
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('support.close-resolved', 10 * 60_000, async () => {
      await this.run();
    });
  }

  /** Returns how many tickets it closed. */
  async run(): Promise<number> {
    const autoClose = transitionFor('resolved', 'auto_close');
    if (!autoClose) throw new Error('The ticket transitions table has no auto_close from resolved');
    let total = 0;
    for (;;) {
      const closed = await this.txHost.withTransaction(async () => {
        const cutoff = new Date(this.clock.now().getTime() - this.config.SUPPORT_AUTO_CLOSE_DAYS * DAY);
        const due = await this.tickets.resolvedBefore(cutoff, BATCH);
        for (const ticket of due) await this.workflow.move(ticket, autoClose, { type: 'system', id: null });
        return due.length;
      });
      total += closed;
      if (closed < BATCH) return total;
    }
  }
}
