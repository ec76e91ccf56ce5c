/**
 * The queue port. Bull on Redis is the production adapter; a PostgreSQL job table can be another.
 * Code outside platform/queue talks to this, never to Bull directly.
 */
export interface JobOptions {
  /** Deduplicates: a job whose id is already queued is not added twice. */
  jobId: string;
  attempts: number;
  /** Base of the exponential backoff between attempts. */
  backoffMs: number;
}

export interface QueuedJob<T> {
  id: string;
  name: string;
  data: T;
  /** Attempts finished before this one. */
  attemptsMade: number;
  maxAttempts: number;
}

export type JobHandler<T> = (job: QueuedJob<T>) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export type JobOutcome = 'completed' | 'failed';

export abstract class JobQueue {
  abstract add<T>(queue: string, name: string, data: T, options: JobOptions): Promise<void>;

  /** Adds the job again even if a finished job with the same id is still kept. */
  abstract requeue<T>(queue: string, name: string, data: T, options: JobOptions): Promise<void>;

  /**
   * Makes `name` run every `everyMs` on whichever worker takes it: one run per tick however many
   * worker nodes declare the same schedule. Schedules not named in `keep` are removed.
   */
  abstract syncSchedules(queue: string, schedules: Array<{ name: string; everyMs: number }>): Promise<void>;

  /** Starts consuming a queue in this process (worker role only). */
  abstract process<T>(queue: string, concurrency: number, handler: JobHandler<T>): void;

  abstract counts(queue: string): Promise<QueueCounts>;

  /** The queues this process consumes. */
  abstract consumedQueues(): string[];

  /** Makes delayed (backing-off) jobs due now: lets tests drain retries without waiting. */
  abstract promoteDelayed(queue: string): Promise<number>;

  /**
   * Calls the listener after each attempt of a job in this process ends (used by the test drain).
   * Returns the function that removes the listener.
   */
  abstract onSettled(listener: (queue: string, outcome: JobOutcome) => void): () => void;
}
