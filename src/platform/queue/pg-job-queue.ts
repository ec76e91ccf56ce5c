import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ownerOfJob, runAsModule } from '../observability/current-module';
import { JobHandler, JobOptions, JobOutcome, JobQueue, QueueCounts } from './job-queue';
import { ClaimedJob, PgJobStore } from './pg-job-store';

interface Consumer {
  concurrency: number;
  handler: JobHandler<unknown>;
  running: number;
}

/** Finished jobs are kept this long, so a re-added id is still recognised (as Bull's removeOnComplete). */
const KEEP_FINISHED_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 2000;

/** Bull's exponential backoff: after the n-th failed attempt, wait (2^n − 1) × base. */
export function backoffDelay(attemptsMade: number, backoffMs: number): number {
  return Math.round((2 ** attemptsMade - 1) * backoffMs);
}

/**
 * The job queue without Redis: jobs are rows of platform.jobs, and each worker process polls for
 * due ones (every JOB_POLL_INTERVAL_MS, and at once when it queued a job itself or a slot freed).
 * A claimed job holds a lease of QUEUE_LOCK_MS, renewed while it runs; a process that dies leaves
 * its jobs to whoever polls after the lease ran out. Retries, backoff, dedupe by job id and the
 * removal of finished jobs behave as with Bull, so the workers cannot tell the two apart.
 *
 * A job added inside an ambient transaction is written in that transaction: it exists if and only
 * if the transaction commits (the outbox relay marks events relayed and queues their deliveries
 * atomically), and the embedded database, which has a single session, never waits on itself.
 */
@Injectable()
export class PgJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly store: PgJobStore;
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly consumers = new Map<string, Consumer>();
  /** Running jobs by lease token. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners: Array<(queue: string, outcome: JobOutcome) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private stopped = false;
  private lastSweep = 0;
  /** Transactions that queued jobs for this process: it polls when they commit. */
  private readonly wakeOnCommit = new WeakSet<QueryRunner>();
  private readonly commitWatch: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      if (this.wakeOnCommit.has(queryRunner)) {
        this.wakeOnCommit.delete(queryRunner);
        this.wake();
      }
    },
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly cls: ClsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly config: AppConfig,
  ) {
    super();
    this.store = new PgJobStore(dataSource, config.QUEUE_PREFIX);
    dataSource.subscribers.push(this.commitWatch);
  }

  async add<T>(queue: string, name: string, data: T, options: JobOptions): Promise<void> {
    const tx = this.ambientTransaction();
    await this.store.add(queue, name, data, options, tx ?? undefined);
    this.wakeFor(queue, tx?.queryRunner);
  }

  async requeue<T>(queue: string, name: string, data: T, options: JobOptions): Promise<void> {
    const tx = this.ambientTransaction();
    await this.store.requeue(queue, name, data, options, tx ?? undefined);
    this.wakeFor(queue, tx?.queryRunner);
  }

  async syncSchedules(queue: string, schedules: Array<{ name: string; everyMs: number }>): Promise<void> {
    await this.store.syncSchedules(queue, schedules);
  }

  process<T>(queue: string, concurrency: number, handler: JobHandler<T>): void {
    if (this.consumers.has(queue)) throw new Error(`Queue ${queue} is already consumed in this process`);
    this.consumers.set(queue, { concurrency, handler: handler as JobHandler<unknown>, running: 0 });
    if (!this.renewTimer) {
      this.renewTimer = setInterval(() => void this.renewLeases(), Math.floor(this.config.QUEUE_LOCK_MS / 2));
      this.renewTimer.unref();
    }
    this.wake();
  }

  counts(queue: string): Promise<QueueCounts> {
    return this.store.counts(queue);
  }

  consumedQueues(): string[] {
    return [...this.consumers.keys()];
  }

  async promoteDelayed(queue: string): Promise<number> {
    const promoted = await this.store.promoteDelayed(queue);
    if (promoted > 0) this.wakeFor(queue);
    return promoted;
  }

  onSettled(listener: (queue: string, outcome: JobOutcome) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Stops taking jobs and lets the running ones finish (leases still renewed) before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    await Promise.allSettled([...this.running.values()]);
    clearInterval(this.renewTimer);
    const at = this.dataSource.subscribers.indexOf(this.commitWatch);
    if (at >= 0) this.dataSource.subscribers.splice(at, 1);
  }

  private ambientTransaction() {
    return this.txHost.isTransactionActive() ? this.txHost.tx : null;
  }

  /** Polls for a queue this process consumes: now, or when the transaction that queued the job commits. */
  private wakeFor(queue: string, transaction?: QueryRunner): void {
    if (!this.consumers.has(queue)) return;
    if (transaction) this.wakeOnCommit.add(transaction);
    else this.wake();
  }

  /** Polls now, or right after the poll under way (which may have missed what just changed). */
  private wake(): void {
    if (this.stopped || this.consumers.size === 0) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.polling = this.poll().finally(() => {
      this.polling = null;
      if (this.stopped) return;
      if (this.pollAgain) return this.wake();
      this.timer = setTimeout(() => this.wake(), this.config.JOB_POLL_INTERVAL_MS);
      this.timer.unref();
    });
  }

  private async poll(): Promise<void> {
    do {
      this.pollAgain = false;
      try {
        await this.pollOnce();
      } catch (error) {
        // The database may be restarting: say so and try again on the next tick.
        this.logger.warn(`polling the job table failed: ${error instanceof Error ? error.message : String(error)}`);
        this.pollAgain = false;
        return;
      }
    } while (this.pollAgain && !this.stopped);
  }

  private async pollOnce(): Promise<void> {
    const queues = [...this.consumers.keys()];
    await this.store.enqueueDueSchedules(queues);
    const due = await this.store.queuesWithDueJobs(queues.filter((q) => this.freeSlots(q) > 0));
    for (const queue of due) {
      if (this.stopped) return;
      const free = this.freeSlots(queue);
      if (free <= 0) continue;
      for (const job of await this.store.claim(queue, free, this.owner, this.config.QUEUE_LOCK_MS)) {
        this.start(queue, job);
      }
    }
    if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = Date.now();
      await this.store.sweep(KEEP_FINISHED_MS);
    }
  }

  private freeSlots(queue: string): number {
    const consumer = this.consumers.get(queue);
    return consumer ? consumer.concurrency - consumer.running : 0;
  }

  private start(queue: string, job: ClaimedJob): void {
    const consumer = this.consumers.get(queue) as Consumer;
    consumer.running += 1;
    const run = this.run(queue, consumer, job).finally(() => {
      consumer.running -= 1;
      this.running.delete(job.lock_token);
      this.wake();
    });
    this.running.set(job.lock_token, run);
  }

  private async run(queue: string, consumer: Consumer, job: ClaimedJob): Promise<void> {
    let outcome: JobOutcome;
    let failure: string | null = null;
    try {
      // Each job runs in its own context, so it can open ambient transactions like a request does,
      // and as the code of the module that owns it (for its database time).
      await this.cls.run(() =>
        runAsModule(ownerOfJob(queue, job.name), consumer.handler, {
          id: job.job_id,
          name: job.name,
          data: job.data,
          attemptsMade: job.attempts_made,
          maxAttempts: job.max_attempts,
        }),
      );
      outcome = 'completed';
    } catch (error) {
      outcome = 'failed';
      failure = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    }
    try {
      if (failure === null) {
        await this.store.complete(queue, job);
      } else {
        const made = job.attempts_made + 1;
        await this.store.fail(queue, job, failure, made < job.max_attempts ? backoffDelay(made, job.backoff_ms) : null);
      }
    } catch (error) {
      // The lease runs out and another poll takes the job again: at least once, as with Bull.
      this.logger.warn(`recording the end of job ${queue}/${job.job_id} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const listener of [...this.listeners]) listener(queue, outcome);
  }

  private async renewLeases(): Promise<void> {
    try {
      await this.store.renew([...this.running.keys()], this.config.QUEUE_LOCK_MS);
    } catch (error) {
      this.logger.warn(`renewing job leases failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
