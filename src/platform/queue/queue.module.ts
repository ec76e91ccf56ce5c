import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { AppConfig } from '../config/app-config';
import { BullJobQueue } from './bull-job-queue';
import { JobQueue } from './job-queue';
import { EVENT_QUEUES, SCHEDULES_QUEUE } from './queue-names';
import { Scheduler } from './scheduler';

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ url: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
    }),
    BullModule.registerQueue(...[...EVENT_QUEUES, SCHEDULES_QUEUE].map((name) => ({ name }))),
  ],
  providers: [{ provide: JobQueue, useClass: BullJobQueue }, Scheduler],
  exports: [JobQueue, Scheduler, BullModule],
})
export class QueueModule {}
