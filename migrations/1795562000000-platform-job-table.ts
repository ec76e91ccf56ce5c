import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job table that runs background jobs when no REDIS_URL is set (PgJobQueue): one row per job,
 * keyed like Bull's (queue prefix, queue, job id), and one row per repeatable schedule.
 *
 * `prefix` is QUEUE_PREFIX, so two shops (or two test files) sharing a database never take each
 * other's jobs, as with Bull's key prefix. A job is due when it is waiting and its `run_at` has
 * come, or when it is active but its lease (`locked_until`) ran out because the process running it
 * died. `lock_token` changes on every claim, so a process whose lease was taken over cannot finish
 * the job under the new owner's feet.
 */
export class PlatformJobTable1795562000000 implements MigrationInterface {
  name = 'PlatformJobTable1795562000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.jobs (
        prefix text NOT NULL,
        queue text NOT NULL,
        job_id text NOT NULL,
        name text NOT NULL,
        data jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
        attempts_made integer NOT NULL DEFAULT 0 CHECK (attempts_made >= 0),
        max_attempts integer NOT NULL CHECK (max_attempts >= 1),
        backoff_ms integer NOT NULL CHECK (backoff_ms >= 0),
        remove_on_fail boolean NOT NULL,
        run_at timestamptz NOT NULL,
        locked_until timestamptz,
        locked_by text,
        lock_token uuid,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (prefix, queue, job_id)
      )`);
    // The claim reads waiting jobs by due time and active ones by lease; the sweep reads finished ones.
    await q.query(`CREATE INDEX jobs_waiting_idx ON platform.jobs (prefix, queue, run_at) WHERE state = 'waiting'`);
    await q.query(`CREATE INDEX jobs_active_idx ON platform.jobs (prefix, queue, locked_until) WHERE state = 'active'`);
    await q.query(`CREATE INDEX jobs_finished_idx ON platform.jobs (prefix, finished_at) WHERE state IN ('completed', 'failed')`);

    await q.query(`
      CREATE TABLE platform.job_schedules (
        prefix text NOT NULL,
        queue text NOT NULL,
        name text NOT NULL,
        every_ms integer NOT NULL CHECK (every_ms >= 1),
        next_run_at timestamptz NOT NULL,
        PRIMARY KEY (prefix, queue, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.job_schedules`);
    await q.query(`DROP TABLE platform.jobs`);
  }
}
