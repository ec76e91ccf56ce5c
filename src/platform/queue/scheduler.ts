import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { runsWorkers } from '../config/process-role';
import { JobQueue } from './job-queue';
import { SCHEDULES_QUEUE } from './queue-names';

interface Task {
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * Periodic work as repeatable jobs of the queue (Bull's, or the job table's schedules without
 * Redis), so exactly one worker node runs each tick. A module
 * declares its tasks in `onModuleInit`: `scheduler.every('orders.expire-unpaid', 30_000, () => ...)`.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');
  private readonly tasks = new Map<string, Task>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  every(name: string, everyMs: number, run: () => Promise<void>): void {
    if (!/^[a-z][a-z-]*\.[a-z0-9-]+$/.test(name)) throw new Error(`Schedule name "${name}" must read <module>.<task>`);
    if (this.tasks.has(name)) throw new Error(`Two schedules are named "${name}"`);
    if (!Number.isInteger(everyMs) || everyMs < 1000) throw new Error(`Schedule ${name} must run at most once a second`);
    this.tasks.set(name, { everyMs, run });
  }

  names(): string[] {
    return [...this.tasks.keys()];
  }

  /** Runs one task now, in this process (admin "run now" buttons and tests). */
  async runNow(name: string): Promise<void> {
    const task = this.tasks.get(name);
    if (!task) throw new Error(`No schedule named ${name}`);
    await task.run();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config.ROLE)) return;
    await this.jobs.syncSchedules(
      SCHEDULES_QUEUE,
      [...this.tasks].map(([name, task]) => ({ name, everyMs: task.everyMs })),
    );
    this.jobs.process(SCHEDULES_QUEUE, 1, async (job) => {
      const task = this.tasks.get(job.name);
      if (!task) {
        this.logger.warn(`no task for schedule ${job.name}; skipped`);
        return;
      }
      await task.run();
    });
  }
}
