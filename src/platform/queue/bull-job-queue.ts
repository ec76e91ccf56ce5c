import { BeforeApplicationShutdown, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { ClsService } from 'nestjs-cls';
import { ownerOfJob, runAsModule } from '../observability/current-module';
import { JobHandler, JobOptions, JobOutcome, JobQueue, QueueCounts } from './job-queue';

@Injectable()
export class BullJobQueue extends JobQueue implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly listeners: Array<(queue: string, outcome: JobOutcome) => void> = [];
  private readonly processing = new Map<string, Queue>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly cls: ClsService,
  ) {
    super();
  }

  async add<T>(queue: string, name: string, data: T, options: JobOptions): Promise<void> {
    await this.queue(queue).add(name, data, this.bullOptions(options));
  }

  async requeue<T>(queue: string, name: string, data: T, options: JobOptions): Promise<void> {
    const existing = await this.queue(queue).getJob(options.jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed' || state === 'completed') await existing.remove();
      else return; // already waiting or running: nothing to do
    }
    await this.add(queue, name, data, options);
  }

  async syncSchedules(queue: string, schedules: Array<{ name: string; everyMs: number }>): Promise<void> {
    const q = this.queue(queue);
    const wanted = new Set(schedules.map((s) => `${s.name}@${s.everyMs}`));
    for (const existing of await q.getRepeatableJobs()) {
      if (!wanted.has(`${existing.name}@${existing.every}`)) await q.removeRepeatableByKey(existing.key);
    }
    for (const s of schedules) {
      await q.add(s.name, {}, { repeat: { every: s.everyMs }, removeOnComplete: 100, removeOnFail: 100, attempts: 1 });
    }
  }

  process<T>(queue: string, concurrency: number, handler: JobHandler<T>): void {
    const q = this.queue(queue);
    this.processing.set(queue, q);
    q.on('completed', () => this.emit(queue, 'completed'));
    q.on('failed', () => this.emit(queue, 'failed'));
    // Each job runs in its own context, so it can open ambient transactions like a request does,
    // and as the code of the module that owns it (for its database time).
    void q.process('*', concurrency, (job: Job<T>) =>
      this.cls.run(() =>
        runAsModule(ownerOfJob(queue, job.name), handler, {
          id: String(job.id),
          name: job.name,
          data: job.data,
          attemptsMade: job.attemptsMade,
          maxAttempts: job.opts.attempts ?? 1,
        }),
      ),
    );
  }

  async counts(queue: string): Promise<QueueCounts> {
    const c = await this.queue(queue).getJobCounts();
    return { waiting: c.waiting, active: c.active, delayed: c.delayed, failed: c.failed };
  }

  consumedQueues(): string[] {
    return [...this.processing.keys()];
  }

  async promoteDelayed(queue: string): Promise<number> {
    const delayed = await this.queue(queue).getDelayed();
    await Promise.all(delayed.map((job) => job.promote().catch(() => undefined)));
    return delayed.length;
  }

  onSettled(listener: (queue: string, outcome: JobOutcome) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Lets running jobs finish before the database and Redis connections close. */
  /**
   * Stops every queue of this process taking new jobs at once (running ones go on), so no queue
   * starts work while Nest is still closing the others one module after another.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.processing.values()].map((q) => q.pause(true, true).catch(() => undefined)));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.processing.values()].map((q) => q.close()));
  }

  private emit(queue: string, outcome: JobOutcome): void {
    for (const listener of this.listeners) listener(queue, outcome);
  }

  private bullOptions(options: JobOptions) {
    return {
      jobId: options.jobId,
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      // Finished jobs are kept a while so a re-added id is still recognised; dead letters are kept
      // in PostgreSQL (platform.dead_letters), so Bull need not keep failed jobs.
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: true,
    };
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
