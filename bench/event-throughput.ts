/**
 * Event pipeline throughput: publish N events (two subscribers each) through the outbox, then time
 * relay + Bull + inbox until every (event, subscriber) is handled. Prints as it goes.
 *
 *   DATABASE_URL=... REDIS_URL=... npm run bench:events -- 5000
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadEnvFile } from '../src/platform/config/load-env-file';
import { EventOutbox, IntegrationEvent, OnIntegrationEvent } from '../src/platform/events';
import { figure } from './support/report';

@IntegrationEvent('platform.bench.happened', 1)
class BenchHappenedV1 {
  constructor(readonly n: number) {}
}

@Injectable()
class BenchSubscribers {
  @OnIntegrationEvent(BenchHappenedV1, { name: 'platform.bench-first' })
  async first(): Promise<void> {}

  @OnIntegrationEvent(BenchHappenedV1, { name: 'platform.bench-second' })
  async second(): Promise<void> {}
}

@Module({ providers: [BenchSubscribers] })
class BenchModule {}

@Module({ imports: [AppModule, BenchModule] })
class BenchAppModule {}

async function main(): Promise<void> {
  loadEnvFile();
  const total = Number(process.argv[2] ?? 3000);
  process.env.QUEUE_PREFIX = `bench${Date.now().toString(36)}`;
  process.env.LOG_LEVEL ??= 'warn';
  const app = await NestFactory.createApplicationContext(BenchAppModule, { logger: ['error', 'warn'] });
  await app.init();
  const dataSource = app.get(DataSource);
  await dataSource.query(`DELETE FROM platform.inbox WHERE subscriber LIKE 'platform.bench-%'`);

  const cls = app.get(ClsService);
  const txHost = app.get(TransactionHost);
  const outbox = app.get(EventOutbox);
  const batch = 100;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < total; i += batch) {
    const events = Array.from({ length: Math.min(batch, total - i) }, (_, k) => new BenchHappenedV1(i + k));
    await cls.run(() => txHost.withTransaction(() => outbox.publish(...events)));
  }
  const publishSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`published ${total} events in ${publishSeconds.toFixed(2)} s (${Math.round(total / publishSeconds)} events/s, ${batch} per transaction)`);
  figure(`events published (${batch} per transaction)`, Math.round(total / publishSeconds), 'events/s');

  const want = total * 2;
  let done = 0;
  while (done < want) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM platform.inbox WHERE subscriber LIKE 'platform.bench-%'`,
    );
    done = n;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`  handled ${done}/${want} deliveries after ${seconds.toFixed(1)} s`);
  }
  const allSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`delivered ${want} (event, subscriber) pairs in ${allSeconds.toFixed(2)} s: ${Math.round(want / allSeconds)} deliveries/s end to end`);
  figure('(event, subscriber) deliveries end to end (relay, Bull, inbox)', Math.round(want / allSeconds), 'deliveries/s');
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
