import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { AppConfig } from '../config/app-config';
import { BullJobQueue } from './bull-job-queue';
import { JobQueue } from './job-queue';
import { EVENT_QUEUES } from './queue-names';

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ url: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
    }),
    BullModule.registerQueue(...EVENT_QUEUES.map((name) => ({ name }))),
  ],
  providers: [{ provide: JobQueue, useClass: BullJobQueue }],
  exports: [JobQueue, BullModule],
})
export class QueueModule {}
