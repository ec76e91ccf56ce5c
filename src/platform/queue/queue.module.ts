import { DynamicModule, ForwardReference, forwardRef, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { AppConfig } from '../config/app-config';
import { BullJobQueue } from './bull-job-queue';
import { JobQueue } from './job-queue';
import { PgJobQueue } from './pg-job-queue';
import { EVENT_QUEUES, SCHEDULES_QUEUE } from './queue-names';
import { Scheduler } from './scheduler';

export type QueueBackend = 'bull' | 'postgres';

/**
 * Bull on Redis when REDIS_URL is set, else the PostgreSQL job table. Read when Nest scans the
 * modules (through `forwardRef`), not when this file is imported: main.ts loads `.env` and tests
 * set their environment after the imports, before the app is compiled.
 */
export function queueBackend(): QueueBackend {
  return process.env.REDIS_URL ? 'bull' : 'postgres';
}

@Module({})
class BullQueueBackend {}

@Module({})
class PgQueueBackend {}

@Module({})
class NoQueuesToRegister {}

/** One module object per backend and name list: Nest tells dynamic modules apart by reference. */
const memo = new Map<string, DynamicModule>();
function once(key: string, build: () => DynamicModule): DynamicModule {
  if (!memo.has(key)) memo.set(key, build());
  return memo.get(key) as DynamicModule;
}

const bullBackend = (): DynamicModule => ({
  module: BullQueueBackend,
  global: true,
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.REDIS_URL,
        prefix: config.QUEUE_PREFIX,
        settings: { lockDuration: config.QUEUE_LOCK_MS, stalledInterval: config.QUEUE_STALLED_CHECK_MS },
      }),
    }),
    BullModule.registerQueue(...[...EVENT_QUEUES, SCHEDULES_QUEUE].map((name) => ({ name }))),
  ],
  providers: [{ provide: JobQueue, useClass: BullJobQueue }],
  exports: [JobQueue, BullModule],
});

/** No Bull module at all, so nothing connects to Redis. */
const pgBackend = (): DynamicModule => ({
  module: PgQueueBackend,
  global: true,
  providers: [{ provide: JobQueue, useClass: PgJobQueue }],
  exports: [JobQueue],
});

@Global()
@Module({
  imports: [forwardRef(() => (queueBackend() === 'bull' ? once('bull', bullBackend) : once('postgres', pgBackend)))],
  providers: [Scheduler],
  exports: [Scheduler],
})
export class QueueModule {
  /**
   * A business module's own queues (imports, deliveries, ...): Bull needs each one registered,
   * the job table takes any name.
   */
  static registerQueues(...names: string[]): ForwardReference {
    return forwardRef(() =>
      queueBackend() === 'bull'
        ? once(`bull:${names.join(',')}`, () => BullModule.registerQueue(...names.map((name) => ({ name }))))
        : { module: NoQueuesToRegister },
    );
  }
}
