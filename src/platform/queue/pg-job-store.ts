import { DataSource } from 'typeorm';
import { affectedOf, rowsOf } from '../database/sql-result';
import { JobOptions, QueueCounts } from './job-queue';

/** A job this process has claimed: it holds the lease until it finishes or the lease runs out. */
export interface ClaimedJob {
  job_id: string;
  name: string;
  data: unknown;
  attempts_made: number;
  max_attempts: number;
  backoff_ms: number;
  lock_token: string;
}

const MS = `* interval '1 millisecond'`;

/** Where a statement runs: the data source, or the caller's transaction (an EntityManager). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The SQL of the PostgreSQL job table (platform.jobs, platform.job_schedules). Every method is one
 * statement; `add` and `requeue` run where they are told (the caller's transaction, if any), the
 * rest on the data source. No LISTEN/NOTIFY, so it works on the embedded database too.
 */
export class PgJobStore {
  constructor(
    private readonly db: DataSource,
    /** QUEUE_PREFIX: shops or test files sharing a database never see each other's jobs. */
    private readonly prefix: string,
  ) {}

  /** A no-op when a job with this id is kept (waiting, running, backing off or completed). */
  async add(queue: string, name: string, data: unknown, options: JobOptions, via: Queryable = this.db): Promise<void> {
    await via.query(
      `INSERT INTO platform.jobs (prefix, queue, job_id, name, data, state, max_attempts, backoff_ms, remove_on_fail, run_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 'waiting', $6, $7, true, now())
       ON CONFLICT (prefix, queue, job_id) DO NOTHING`,
      [this.prefix, queue, options.jobId, name, JSON.stringify(data ?? null), options.attempts, options.backoffMs],
    );
  }

  /** Like `add`, but a finished (completed or failed) job with the id is replaced by the new one. */
  async requeue(queue: string, name: string, data: unknown, options: JobOptions, via: Queryable = this.db): Promise<void> {
    await via.query(
      `INSERT INTO platform.jobs AS j (prefix, queue, job_id, name, data, state, max_attempts, backoff_ms, remove_on_fail, run_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 'waiting', $6, $7, true, now())
       ON CONFLICT (prefix, queue, job_id) DO UPDATE
         SET name = EXCLUDED.name, data = EXCLUDED.data, state = 'waiting', attempts_made = 0,
             max_attempts = EXCLUDED.max_attempts, backoff_ms = EXCLUDED.backoff_ms,
             remove_on_fail = EXCLUDED.remove_on_fail, run_at = now(), locked_until = NULL, locked_by = NULL,
             lock_token = NULL, last_error = NULL, created_at = now(), finished_at = NULL
         WHERE j.state IN ('completed', 'failed')`,
      [this.prefix, queue, options.jobId, name, JSON.stringify(data ?? null), options.attempts, options.backoffMs],
    );
  }

  /** The consumed queues that have a due job (waiting and due, or running on a lease that ran out). */
  async queuesWithDueJobs(queues: string[]): Promise<string[]> {
    const rows: Array<{ queue: string }> = await this.db.query(
      `SELECT DISTINCT queue FROM platform.jobs
        WHERE prefix = $1 AND queue = ANY($2)
          AND ((state = 'waiting' AND run_at <= now()) OR (state = 'active' AND locked_until < now()))`,
      [this.prefix, queues],
    );
    return rows.map((r) => r.queue);
  }

  /**
   * Takes up to `limit` due jobs for `owner`. A job taken over from a dead worker counts that
   * worker's attempt as made, but always keeps one attempt to run, so a last failure still goes
   * through the handler (which records the dead letter) instead of vanishing.
   */
  async claim(queue: string, limit: number, owner: string, leaseMs: number): Promise<ClaimedJob[]> {
    const result: unknown = await this.db.query(
      // MATERIALIZED: picked once. A subquery the planner may scan again would, with SKIP LOCKED,
      // pick further rows on each scan and take more jobs than the limit.
      `WITH due AS MATERIALIZED (
         SELECT job_id FROM platform.jobs
          WHERE prefix = $1 AND queue = $2
            AND ((state = 'waiting' AND run_at <= now()) OR (state = 'active' AND locked_until < now()))
          ORDER BY run_at, created_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED
       )
       UPDATE platform.jobs j
          SET state = 'active', locked_by = $4, locked_until = now() + $5 ${MS}, lock_token = gen_random_uuid(),
              attempts_made = CASE WHEN j.state = 'active' THEN LEAST(j.attempts_made + 1, j.max_attempts - 1) ELSE j.attempts_made END,
              last_error = CASE WHEN j.state = 'active' THEN 'the worker running it stopped (its lease ran out)' ELSE j.last_error END
         FROM due
        WHERE j.prefix = $1 AND j.queue = $2 AND j.job_id = due.job_id
        RETURNING j.job_id, j.name, j.data, j.attempts_made, j.max_attempts, j.backoff_ms, j.lock_token`,
      [this.prefix, queue, limit, owner, leaseMs],
    );
    return rowsOf<ClaimedJob>(result);
  }

  /** Keeps the leases of the jobs this process is running. */
  async renew(tokens: string[], leaseMs: number): Promise<void> {
    if (tokens.length === 0) return;
    await this.db.query(
      `UPDATE platform.jobs SET locked_until = now() + $2 ${MS} WHERE lock_token = ANY($1::uuid[]) AND state = 'active'`,
      [tokens, leaseMs],
    );
  }

  async complete(queue: string, job: ClaimedJob): Promise<void> {
    await this.db.query(
      `UPDATE platform.jobs
          SET state = 'completed', attempts_made = attempts_made + 1, finished_at = now(),
              locked_until = NULL, locked_by = NULL, lock_token = NULL
        WHERE prefix = $1 AND queue = $2 AND job_id = $3 AND lock_token = $4`,
      [this.prefix, queue, job.job_id, job.lock_token],
    );
  }

  /** A failed attempt: back to waiting after `retryInMs`, or (null) failed for good. */
  async fail(queue: string, job: ClaimedJob, error: string, retryInMs: number | null): Promise<void> {
    const key = [this.prefix, queue, job.job_id, job.lock_token];
    if (retryInMs !== null) {
      await this.db.query(
        `UPDATE platform.jobs
            SET state = 'waiting', attempts_made = attempts_made + 1, run_at = now() + $6 ${MS}, last_error = $5,
                locked_until = NULL, locked_by = NULL, lock_token = NULL
          WHERE prefix = $1 AND queue = $2 AND job_id = $3 AND lock_token = $4`,
        [...key, error, retryInMs],
      );
      return;
    }
    // Like Bull's removeOnFail: event deliveries keep their dead letters in platform.dead_letters.
    await this.db.query(
      `DELETE FROM platform.jobs WHERE prefix = $1 AND queue = $2 AND job_id = $3 AND lock_token = $4 AND remove_on_fail`,
      key,
    );
    await this.db.query(
      `UPDATE platform.jobs
          SET state = 'failed', attempts_made = attempts_made + 1, last_error = $5, finished_at = now(),
              locked_until = NULL, locked_by = NULL, lock_token = NULL
        WHERE prefix = $1 AND queue = $2 AND job_id = $3 AND lock_token = $4`,
      [...key, error],
    );
  }

  async counts(queue: string): Promise<QueueCounts> {
    const [row]: QueueCounts[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE state = 'waiting' AND run_at <= now())::int AS waiting,
              count(*) FILTER (WHERE state = 'active')::int AS active,
              count(*) FILTER (WHERE state = 'waiting' AND run_at > now())::int AS delayed,
              count(*) FILTER (WHERE state = 'failed')::int AS failed
         FROM platform.jobs WHERE prefix = $1 AND queue = $2`,
      [this.prefix, queue],
    );
    return row;
  }

  async promoteDelayed(queue: string): Promise<number> {
    return affectedOf(
      await this.db.query(
        `UPDATE platform.jobs SET run_at = now() WHERE prefix = $1 AND queue = $2 AND state = 'waiting' AND run_at > now()`,
        [this.prefix, queue],
      ),
    );
  }

  /** Keeps exactly these schedules of the queue; an unchanged one keeps its next run. */
  async syncSchedules(queue: string, schedules: Array<{ name: string; everyMs: number }>): Promise<void> {
    const names = schedules.map((s) => s.name);
    await this.db.query(
      `DELETE FROM platform.job_schedules WHERE prefix = $1 AND queue = $2 AND NOT (name = ANY($3::text[]))`,
      [this.prefix, queue, names],
    );
    if (schedules.length === 0) return;
    // Ticks fall on multiples of every_ms since the epoch, as Bull's `repeat: { every }` does.
    await this.db.query(
      `INSERT INTO platform.job_schedules AS s (prefix, queue, name, every_ms, next_run_at)
       SELECT $1, $2, name, every_ms, ${nextTick('every_ms')}
         FROM unnest($3::text[], $4::int[]) AS t(name, every_ms)
       ON CONFLICT (prefix, queue, name) DO UPDATE
         SET every_ms = EXCLUDED.every_ms, next_run_at = EXCLUDED.next_run_at
         WHERE s.every_ms <> EXCLUDED.every_ms`,
      [this.prefix, queue, names, schedules.map((s) => s.everyMs)],
    );
  }

  /**
   * Queues one job for each schedule whose tick has come and moves it to its next tick, in one
   * statement: the row lock makes a second process running this at the same time find the tick
   * already moved, so each tick runs once however many processes look.
   */
  async enqueueDueSchedules(queues: string[]): Promise<number> {
    const result: unknown = await this.db.query(
      `WITH due AS (
         UPDATE platform.job_schedules s
            SET next_run_at = ${nextTick('s.every_ms')}
          WHERE s.prefix = $1 AND s.queue = ANY($2) AND s.next_run_at <= now()
          RETURNING s.queue, s.name, s.next_run_at
       )
       INSERT INTO platform.jobs (prefix, queue, job_id, name, data, state, max_attempts, backoff_ms, remove_on_fail, run_at)
       SELECT $1, queue, 'repeat:' || name || ':' || (extract(epoch FROM next_run_at) * 1000)::bigint, name, '{}'::jsonb,
              'waiting', 1, 0, false, now()
         FROM due
       ON CONFLICT (prefix, queue, job_id) DO NOTHING
       RETURNING job_id`,
      [this.prefix, queues],
    );
    return rowsOf(result).length;
  }

  /** Removes finished jobs older than `ageMs` (Bull keeps completed ones 24 hours too). */
  async sweep(ageMs: number): Promise<number> {
    return affectedOf(
      await this.db.query(
        `DELETE FROM platform.jobs WHERE prefix = $1 AND state IN ('completed', 'failed') AND finished_at < now() - $2 ${MS}`,
        [this.prefix, ageMs],
      ),
    );
  }
}

/** The first multiple of the interval (ms since the epoch) after now. */
function nextTick(everyMs: string): string {
  return `to_timestamp(((floor(extract(epoch FROM now()) * 1000 / ${everyMs}) + 1) * ${everyMs}) / 1000.0)`;
}
