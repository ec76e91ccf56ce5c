import { getQueueToken } from '@nestjs/bull';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Test, TestingModule } from '@nestjs/testing';
import Bull from 'bull';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConfigModule } from '../../../src/platform/config/config.module';
import { DatabaseModule } from '../../../src/platform/database/database.module';
import { JobOptions, JobQueue, QueuedJob } from '../../../src/platform/queue/job-queue';
import { QueueBackend, QueueModule } from '../../../src/platform/queue/queue.module';
import { TransactionsModule } from '../../../src/platform/transactions/transactions.module';

/**
 * The queue port's contract, run against both adapters with the same cases: Bull on Redis and the
 * PostgreSQL job table. Each "process" is a Nest context with the platform's queue wiring alone.
 */
const QUEUES = {
  dedupe: 'contract.dedupe',
  requeue: 'contract.requeue',
  retry: 'contract.retry',
  concurrency: 'contract.concurrency',
  schedules: 'contract.schedules',
  lease: 'contract.lease',
  shutdown: 'contract.shutdown',
  transaction: 'contract.transaction',
};

interface Instance {
  ctx: TestingModule;
  jobs: JobQueue;
  db: DataSource;
}

async function boot(backend: QueueBackend, prefix: string): Promise<Instance> {
  const saved = { ...process.env };
  // Short leases, so a job stranded by a "dead process" comes back within a second or two.
  Object.assign(process.env, { QUEUE_PREFIX: prefix, ROLE: 'worker', QUEUE_LOCK_MS: '1000', QUEUE_STALLED_CHECK_MS: '500', JOB_POLL_INTERVAL_MS: '50' });
  if (backend === 'postgres') process.env.REDIS_URL = '';
  try {
    const ctx = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule, TransactionsModule, QueueModule, QueueModule.registerQueues(...Object.values(QUEUES))],
    }).compile();
    await ctx.init();
    return { ctx, jobs: ctx.get(JobQueue), db: ctx.get(DataSource) };
  } finally {
    process.env = saved;
  }
}

const options = (jobId: string, extra: Partial<JobOptions> = {}): JobOptions => ({ jobId, attempts: 1, backoffMs: 1000, ...extra });

/** Resolves once `check` holds (looked at every 10 ms); fails after 15 s. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe.each<QueueBackend>(['bull', 'postgres'])('JobQueue contract: %s', (backend) => {
  const prefix = `c${randomUUID().slice(0, 8)}`;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = await boot(backend, prefix);
    b = await boot(backend, prefix);
  });

  afterAll(async () => {
    await a?.ctx.close();
    await b?.ctx.close();
  });

  it('chose the adapter from REDIS_URL', () => {
    expect(a.jobs.constructor.name).toBe(backend === 'bull' ? 'BullJobQueue' : 'PgJobQueue');
  });

  it('runs a job id once while the job is kept, and with its first data', async () => {
    const seen: string[] = [];
    a.jobs.process<{ n: number }>(QUEUES.dedupe, 1, async (job) => {
      seen.push(`${job.id}:${job.data.n}`);
    });
    await a.jobs.add(QUEUES.dedupe, 'run', { n: 1 }, options('x'));
    await a.jobs.add(QUEUES.dedupe, 'run', { n: 2 }, options('x'));
    await until(() => seen.length === 1, 'the first run');
    // Completed and kept: adding it again is still a no-op. The sentinel runs after anything queued
    // before it (one at a time, oldest first), so its run proves no second x was queued.
    await a.jobs.add(QUEUES.dedupe, 'run', { n: 3 }, options('x'));
    await a.jobs.add(QUEUES.dedupe, 'run', { n: 4 }, options('sentinel'));
    await until(() => seen.includes('sentinel:4'), 'the sentinel');
    expect(seen).toEqual(['x:1', 'sentinel:4']);
  });

  it('requeue replaces a finished job and leaves a waiting one', async () => {
    const seen: string[] = [];
    // Not consumed yet: both stay waiting, and the requeue of the waiting job changes nothing.
    await a.jobs.add(QUEUES.requeue, 'run', { n: 1 }, options('r'));
    await a.jobs.requeue(QUEUES.requeue, 'run', { n: 2 }, options('r'));
    expect((await a.jobs.counts(QUEUES.requeue)).waiting).toBe(1);
    a.jobs.process<{ n: number }>(QUEUES.requeue, 1, async (job) => {
      seen.push(`${job.id}:${job.data.n}`);
    });
    await until(() => seen.length === 1, 'the first run');
    await until(async () => (await a.jobs.counts(QUEUES.requeue)).active === 0, 'the job to finish');
    await a.jobs.requeue(QUEUES.requeue, 'run', { n: 3 }, options('r'));
    await until(() => seen.length === 2, 'the requeued run');
    expect(seen).toEqual(['r:1', 'r:3']);
  });

  it('retries with exponential backoff, then fails for good and forgets the job', async () => {
    const attempts: Array<Pick<QueuedJob<unknown>, 'attemptsMade' | 'maxAttempts'>> = [];
    const outcomes: string[] = [];
    const off = a.jobs.onSettled((queue, outcome) => {
      if (queue === QUEUES.retry) outcomes.push(outcome);
    });
    a.jobs.process(QUEUES.retry, 1, async (job) => {
      attempts.push({ attemptsMade: job.attemptsMade, maxAttempts: job.maxAttempts });
      throw new Error('receiver is down');
    });
    await a.jobs.add(QUEUES.retry, 'run', {}, options('f', { attempts: 3, backoffMs: 60_000 }));
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await until(() => outcomes.length === attempt, `attempt ${attempt}`);
      await until(async () => (await a.jobs.counts(QUEUES.retry)).delayed === 1, 'the retry to be delayed');
      if (backend === 'postgres') {
        // Bull's exponential backoff: (2^n - 1) x base after the n-th failure.
        const [{ wait }] = await a.db.query(
          `SELECT extract(epoch FROM run_at - now()) * 1000 AS wait FROM platform.jobs WHERE prefix = $1 AND queue = $2 AND job_id = 'f'`,
          [prefix, QUEUES.retry],
        );
        expect(Number(wait)).toBeGreaterThan((2 ** attempt - 1) * 60_000 - 5000);
        expect(Number(wait)).toBeLessThanOrEqual((2 ** attempt - 1) * 60_000);
      }
      expect(await a.jobs.promoteDelayed(QUEUES.retry)).toBe(1);
    }
    await until(() => outcomes.length === 3, 'the last attempt');
    off();
    expect(outcomes).toEqual(['failed', 'failed', 'failed']);
    expect(attempts).toEqual([0, 1, 2].map((attemptsMade) => ({ attemptsMade, maxAttempts: 3 })));
    await until(async () => (await a.jobs.counts(QUEUES.retry)).delayed === 0, 'nothing left to retry');
    expect(await a.jobs.counts(QUEUES.retry)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await a.jobs.promoteDelayed(QUEUES.retry)).toBe(0);
    // Failed jobs are not kept (dead letters live in platform.dead_letters): the id may run again.
    await a.jobs.add(QUEUES.retry, 'run', {}, options('f', { attempts: 1 }));
    await until(() => attempts.length === 4, 'the re-added job');
  });

  it('runs no more jobs at once than the concurrency asked', async () => {
    let running = 0;
    let most = 0;
    const release = gate();
    a.jobs.process(QUEUES.concurrency, 2, async () => {
      running += 1;
      most = Math.max(most, running);
      await release.wait;
      running -= 1;
    });
    try {
      for (let i = 0; i < 5; i += 1) await a.jobs.add(QUEUES.concurrency, 'run', {}, options(`c${i}`));
      await until(() => running === 2, 'two jobs running');
      await until(async () => {
        const counts = await a.jobs.counts(QUEUES.concurrency);
        return counts.active === 2 && counts.waiting === 3;
      }, 'two active and three waiting');
      expect(running).toBe(2);
    } finally {
      release.open();
    }
    await until(async () => {
      const counts = await a.jobs.counts(QUEUES.concurrency);
      return counts.active + counts.waiting === 0;
    }, 'every job done');
    expect(most).toBe(2);
  });

  it('runs each tick of a schedule once across two processes', async () => {
    const runs: string[] = [];
    for (const instance of [a, b]) {
      await instance.jobs.syncSchedules(QUEUES.schedules, [{ name: 'contract.tick', everyMs: 1000 }]);
      instance.jobs.process(QUEUES.schedules, 1, async (job) => {
        runs.push(job.id);
      });
    }
    await until(() => runs.length >= 3, 'three ticks');
    await a.jobs.syncSchedules(QUEUES.schedules, []);
    await b.jobs.syncSchedules(QUEUES.schedules, []);
    expect(new Set(runs).size).toBe(runs.length);
    // One job per tick: the ticks (the id's last part, in ms) are whole seconds, each seen once.
    const ticks = runs.map((id) => Number(id.split(':').pop()));
    expect(ticks.every((t) => t % 1000 === 0)).toBe(true);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('takes up a job again when the process running it died', async () => {
    await a.jobs.add(QUEUES.lease, 'run', { n: 7 }, options('stranded', { attempts: 2 }));
    await strand(backend, prefix, QUEUES.lease, 'stranded', a);
    expect((await a.jobs.counts(QUEUES.lease)).active).toBe(1);
    const seen: Array<{ id: string; n: number }> = [];
    b.jobs.process<{ n: number }>(QUEUES.lease, 1, async (job) => {
      seen.push({ id: job.id, n: job.data.n });
    });
    await until(() => seen.length === 1, 'the stranded job to run again');
    expect(seen).toEqual([{ id: 'stranded', n: 7 }]);
  });

  // Bull's jobs live outside the database; the table's are written in the caller's transaction.
  if (backend === 'postgres') {
    it('queues a job added in a transaction only if the transaction commits', async () => {
      const seen: string[] = [];
      a.jobs.process(QUEUES.transaction, 1, async (job) => {
        seen.push(job.id);
      });
      const txHost = a.ctx.get(TransactionHost);
      const inTransaction = (fn: () => Promise<void>) => a.ctx.get(ClsService).run(() => txHost.withTransaction(fn));
      await expect(
        inTransaction(async () => {
          await a.jobs.add(QUEUES.transaction, 'run', {}, options('rolled-back'));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await inTransaction(async () => {
        await a.jobs.add(QUEUES.transaction, 'run', {}, options('committed'));
      });
      await until(() => seen.length === 1, 'the committed job');
      const rows: Array<{ job_id: string }> = await a.db.query(`SELECT job_id FROM platform.jobs WHERE prefix = $1 AND queue = $2`, [
        prefix,
        QUEUES.transaction,
      ]);
      expect(rows.map((r) => r.job_id)).toEqual(['committed']);
      expect(seen).toEqual(['committed']);
    });
  }

  it('lets a running job finish before shutting down', async () => {
    const c = await boot(backend, prefix);
    const release = gate();
    const order: string[] = [];
    c.jobs.process(QUEUES.shutdown, 1, async () => {
      order.push('started');
      await release.wait;
      order.push('finished');
    });
    await c.jobs.add(QUEUES.shutdown, 'run', {}, options('slow'));
    await until(() => order.length === 1, 'the job to start');
    const closing = c.ctx.close().then(() => order.push('closed'));
    // Shutting down must wait on the job: nothing is closed while it still runs.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 300))]);
    release.open();
    await closing;
    expect(order).toEqual(['started', 'finished', 'closed']);
    expect(await a.jobs.counts(QUEUES.shutdown)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });
});

/**
 * Leaves a waiting job active under a process that is gone: for Bull, another queue instance takes
 * it (with a 1-second lock) and closes; for the table, the row's lease ran out.
 */
async function strand(backend: QueueBackend, prefix: string, queue: string, jobId: string, owner: Instance): Promise<void> {
  if (backend === 'bull') {
    const dead = new Bull(queue, process.env.REDIS_URL as string, { prefix, settings: { lockDuration: 1000 } });
    const job = await dead.getNextJob();
    expect(job?.id).toBe(jobId);
    await dead.close(true);
    expect(owner.ctx.get(getQueueToken(queue), { strict: false })).toBeDefined();
    return;
  }
  await owner.db.query(
    `UPDATE platform.jobs SET state = 'active', locked_by = 'gone:1', lock_token = gen_random_uuid(), locked_until = now() - interval '1 second'
      WHERE prefix = $1 AND queue = $2 AND job_id = $3`,
    [prefix, queue, jobId],
  );
}
