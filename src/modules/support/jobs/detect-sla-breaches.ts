import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { Scheduler } from '../../../platform/queue/scheduler';
import { TicketStore } from '../persistence/ticket-store';
import { TicketSlaBreachedV1 } from '../public/support.events';

export const SLA_CHECK_EVERY_MS = 30_000;
const BATCH = 500;

/**
 * Finds SLA targets that passed unmet on tickets whose clock runs (open; pending and resolved
 * tickets are paused) and publishes `support.ticket.sla-breached` once per ticket and kind: the
 * breach is marked by a conditional UPDATE in the same transaction as the event.
 */
@Injectable()
export class DetectSlaBreaches implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tickets: TicketStore,
    private readonly outbox: EventOutbox,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('support.detect-sla-breaches', SLA_CHECK_EVERY_MS, async () => {
      await this.run();
    });
  }

  /** Returns how many breaches it published. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const found = await this.txHost.withTransaction(async () => {
        const now = this.clock.now();
        const firstResponse = await this.tickets.markFirstResponseBreaches(now, BATCH);
        const resolution = await this.tickets.markResolutionBreaches(now, BATCH);
        const events = [
          ...firstResponse.map((b) => new TicketSlaBreachedV1(b.ticketId, 'first_response', b.priority, b.dueAt.toISOString(), now.toISOString())),
          ...resolution.map((b) => new TicketSlaBreachedV1(b.ticketId, 'resolution', b.priority, b.dueAt.toISOString(), now.toISOString())),
        ];
        if (events.length > 0) await this.outbox.publish(...events);
        return { count: events.length, more: firstResponse.length === BATCH || resolution.length === BATCH };
      });
      total += found.count;
      if (!found.more) return total;
    }
  }
}
