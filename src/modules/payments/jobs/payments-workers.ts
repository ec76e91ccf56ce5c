import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { runsWorkers } from '../../../platform/config/process-role';
import { JobQueue } from '../../../platform/queue/job-queue';
import { Scheduler } from '../../../platform/queue/scheduler';
import { CallbackSettler } from '../callbacks/callback-settler';
import { SETTLEMENT_QUEUE, SettlementJob } from '../callbacks/settlement-queue';
import { Reconciliation } from '../settlement/reconciliation';

/** The gateway's background work: settling stored callbacks, and reconciliation every minute. */
@Injectable()
export class PaymentsWorkers implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly scheduler: Scheduler,
    private readonly settler: CallbackSettler,
    private readonly reconciliation: Reconciliation,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('payments.reconcile', 60_000, async () => {
      await this.reconciliation.run();
    });
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.ROLE)) return;
    this.jobs.process<SettlementJob>(SETTLEMENT_QUEUE, 5, (job) => this.settler.run(job));
  }
}
