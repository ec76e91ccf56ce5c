import { getQueueToken } from '@nestjs/bull';
import { RateCounters } from '../../../src/platform/counters/rate-counters';
import { MemoryRateCounters } from '../../../src/platform/counters/memory-rate-counters';
import { AppConfig } from '../../../src/platform/config/app-config';
import { JobQueue } from '../../../src/platform/queue/job-queue';
import { PgJobQueue } from '../../../src/platform/queue/pg-job-queue';
import { eventQueueOf } from '../../../src/platform/queue/queue-names';
import { REDIS } from '../../../src/platform/redis/redis.module';
import { createTestApp, resetPlatformTables, TestApp } from '../../support/test-app';
import { goodsWithKeys, lookup, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../../orders/buy-flow-helpers';

/** The whole shop with REDIS_URL unset: jobs in the PostgreSQL table, rate limits in memory. */
describe('the shop without Redis', () => {
  let shop: TestApp;
  let owner: string;

  beforeAll(async () => {
    shop = await createTestApp({ env: { REDIS_URL: '', ORDER_LOOKUP_MAX_FAILURES: '5' } });
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  it('runs on the job table and in-memory counters, with no Redis client and no Bull queue', async () => {
    expect(shop.app.get(JobQueue)).toBeInstanceOf(PgJobQueue);
    expect(shop.app.get(RateCounters)).toBeInstanceOf(MemoryRateCounters);
    expect(shop.app.get(REDIS)).toBeNull();
    expect(() => shop.app.get(getQueueToken(eventQueueOf('orders')), { strict: false })).toThrow();
    const health = await shop.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body.details).toMatchObject({ postgres: { status: 'up' }, queue: { status: 'up', store: 'postgres' } });
    expect(health.body.details.redis).toBeUndefined();
  });

  it('sells, settles and delivers end to end through the job table', async () => {
    const { goodsId, secrets } = await goodsWithKeys(shop, owner, 2);
    const placed = await placeOrder(shop, { goodsId, quantity: 2 });
    expect(placed.status).toBe(201);
    await payOnSandbox(shop, placed.body.payment.paymentId);

    const found = await lookup(shop, placed.body.orderNo);
    expect(found.status).toBe(200);
    expect(found.body.status).toBe('delivered');
    expect(found.body.keys.map((k: { secret: string }) => k.secret).sort()).toEqual([...secrets].sort());

    // The events went through the table: every delivery is a completed job row of this app's prefix.
    const prefix = shop.app.get(AppConfig).QUEUE_PREFIX;
    const jobs: Array<{ queue: string; state: string }> = await shop.dataSource.query(
      `SELECT j.queue, j.state FROM platform.jobs j
         JOIN platform.outbox o ON j.job_id LIKE o.id || ':%'
        WHERE j.prefix = $1 AND o.type = 'orders.order.paid'`,
      [prefix],
    );
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.state === 'completed' && j.queue.endsWith('.events'))).toBe(true);
    const [{ undelivered }] = await shop.dataSource.query(
      `SELECT count(*)::int AS undelivered FROM platform.jobs WHERE prefix = $1 AND state IN ('waiting', 'active')
          AND queue <> 'platform.schedules'`,
      [prefix],
    );
    expect(undelivered).toBe(0);
  });

  it('still locks the order lookup after too many wrong passwords', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await lookup(shop, placed.body.orderNo, `guess-${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    expect((await lookup(shop, placed.body.orderNo)).status).toBe(429);
  });

  it('throttles requests in memory', async () => {
    const small = await createTestApp({ env: { REDIS_URL: '', THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '60' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await small.http().get('/api/goods')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await small.close();
    }
  });
});
