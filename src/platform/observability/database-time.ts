import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { currentModule } from './current-module';
import { Metrics } from './metrics';

type AfterQueryEvent = Parameters<NonNullable<EntitySubscriberInterface['afterQuery']>>[0];

/**
 * Charges every query's time to the module whose code ran it (see current-module.ts). TypeORM
 * reports each query's time in whole milliseconds; a sub-millisecond query reads 0 or 1 with odds
 * matching its true length, so the sums per module stay right even where single readings are coarse.
 */
@Injectable()
export class DatabaseTime implements OnModuleInit, EntitySubscriberInterface {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterQuery(event: AfterQueryEvent): void {
    if (event.success && event.executionTime !== undefined) {
      this.metrics.dbDuration.labels(currentModule()).observe(event.executionTime / 1000);
    } else if (!event.success) {
      this.metrics.dbErrors.labels(currentModule()).inc();
    }
  }
}
