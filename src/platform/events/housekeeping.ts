import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import { affectedOf } from '../database/sql-result';
import { Scheduler } from '../queue/scheduler';

const HOUR = 3_600_000;

/**
 * Keeps the shared tables small: relayed events (and their inbox rows) older than the retention
 * are deleted, except events whose delivery is dead-lettered and may still be re-driven; expired
 * idempotency records go too.
 */
@Injectable()
export class Housekeeping implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('platform.purge-events', HOUR, async () => {
      await this.purgeEvents();
    });
    this.scheduler.every('platform.purge-idempotency-keys', HOUR, async () => {
      await this.purgeIdempotencyKeys();
    });
  }

  async purgeEvents(): Promise<{ outbox: number; inbox: number }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.EVENT_RETENTION_DAYS * 24 * HOUR);
    const outbox = affectedOf(await this.dataSource.query(
      `DELETE FROM platform.outbox o
        WHERE o.relayed_at < $1
          AND NOT EXISTS (SELECT 1 FROM platform.dead_letters d WHERE d.event_id = o.id AND d.status = 'dead')`,
      [cutoff],
    ));
    const inbox = affectedOf(await this.dataSource.query(`DELETE FROM platform.inbox WHERE processed_at < $1`, [cutoff]));
    return { outbox, inbox };
  }

  async purgeIdempotencyKeys(): Promise<number> {
    return affectedOf(
      await this.dataSource.query(`DELETE FROM platform.idempotency_keys WHERE expires_at < $1`, [this.clock.now()]),
    );
  }
}
