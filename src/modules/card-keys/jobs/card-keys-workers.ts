import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { runsWorkers } from '../../../platform/config/process-role';
import { JobQueue } from '../../../platform/queue/job-queue';
import { Scheduler } from '../../../platform/queue/scheduler';
import { KeyAllocator } from '../allocation/key-allocator';
import { ImportBatchProcessor } from '../imports/import-batch.processor';
import { IMPORT_QUEUE, ImportJob } from '../imports/import-queue';

/** The vault's background work: import jobs, and the sweep that returns lapsed reservations. */
@Injectable()
export class CardKeysWorkers implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly scheduler: Scheduler,
    private readonly imports: ImportBatchProcessor,
    private readonly allocator: KeyAllocator,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('card-keys.release-lapsed', 30_000, async () => {
      await this.allocator.releaseLapsed();
    });
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.ROLE)) return;
    // One import at a time per worker: imports are CPU-bound (encryption) and should not starve checkout.
    this.jobs.process<ImportJob>(IMPORT_QUEUE, 1, (job) => this.imports.run(job.data.batchId));
  }
}
