import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Housekeeping } from '../../src/platform/events/housekeeping';
import { SCHEDULES_QUEUE } from '../../src/platform/queue/queue-names';
import { Scheduler } from '../../src/platform/queue/scheduler';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';

describe('housekeeping and schedules', () => {
  let shop: TestApp;
  beforeAll(async () => {
    shop = await createTestApp({ env: { EVENT_RETENTION_DAYS: '7' } });
  });
  beforeEach(() => resetPlatformTables(shop.dataSource));
  afterAll(() => shop.close());

  const addEvent = async (id: string, relayedDaysAgo: number | null) =>
    shop.dataSource.query(
      `INSERT INTO platform.outbox (id, type, version, payload, occurred_at, relayed_at)
       VALUES ($1, 'platform.test.happened', 1, '{}', now(), CASE WHEN $2::int IS NULL THEN NULL ELSE now() - make_interval(days => $2::int) END)`,
      [id, relayedDaysAgo],
    );

  it('purges old relayed events and inbox rows but keeps recent, unrelayed and dead-lettered ones', async () => {
    const old = '00000000-0000-4000-8000-000000000001';
    const recent = '00000000-0000-4000-8000-000000000002';
    const unrelayed = '00000000-0000-4000-8000-000000000003';
    const deadLettered = '00000000-0000-4000-8000-000000000004';
    await addEvent(old, 8);
    await addEvent(recent, 1);
    await addEvent(unrelayed, null);
    await addEvent(deadLettered, 30);
    await shop.dataSource.query(
      `INSERT INTO platform.dead_letters (event_id, subscriber, event_type, queue, attempts, last_error, failed_at, status)
       VALUES ($1, 'platform.x', 'platform.test.happened', 'platform.events', 3, 'boom', now(), 'dead')`,
      [deadLettered],
    );
    await shop.dataSource.query(
      `INSERT INTO platform.inbox (event_id, subscriber, processed_at) VALUES
         ($1, 'platform.x', now() - interval '8 days'), ($2, 'platform.x', now() - interval '1 day')`,
      [old, recent],
    );

    const purged = await shop.app.get(Housekeeping).purgeEvents();

    expect(purged).toEqual({ outbox: 1, inbox: 1 });
    const left = await shop.dataSource.query(`SELECT id FROM platform.outbox ORDER BY id`);
    expect(left.map((r: { id: string }) => r.id)).toEqual([recent, unrelayed, deadLettered]);
  });

  it('purges only expired idempotency records', async () => {
    await shop.dataSource.query(
      `INSERT INTO platform.idempotency_keys (scope, key, request_hash, response_status, created_at, expires_at) VALUES
         ('s', 'old', 'h', 201, now() - interval '2 days', now() - interval '1 day'),
         ('s', 'new', 'h', 201, now(), now() + interval '1 day')`,
    );
    expect(await shop.app.get(Housekeeping).purgeIdempotencyKeys()).toBe(1);
  });

  it('registers every declared schedule once as a repeatable job on a worker node', async () => {
    const queue = shop.app.get<Queue>(getQueueToken(SCHEDULES_QUEUE));
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable.map((j) => j.name).sort()).toEqual(shop.app.get(Scheduler).names().sort());
    expect(repeatable.map((j) => j.name)).toContain('platform.purge-events');
  });
});
