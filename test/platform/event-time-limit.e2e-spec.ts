import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { EventOutbox } from '../../src/platform/events';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { CalmV1, HANG_EFFECTS_SQL, hanging, HangingSubscribersModule, StuckV1 } from './hanging-subscribers.module';

/**
 * A subscriber that never finishes holds neither its module's queue nor a database connection:
 * each attempt fails at EVENT_HANDLER_TIMEOUT_MS, is retried and finally dead-lettered, and the
 * other subscribers (same module, same event or another; other modules) all get their events.
 * Two delivery slots per queue and more stuck events than slots: without the time limit the
 * `platform` queue would stop for good.
 */
describe('a subscriber that hangs', () => {
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({
      imports: [HangingSubscribersModule],
      env: { EVENT_HANDLER_TIMEOUT_MS: '400', EVENT_WORKER_CONCURRENCY: '2' },
    });
    await shop.dataSource.query(HANG_EFFECTS_SQL);
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await shop.dataSource.query(`TRUNCATE public.test_hang_effects`);
    hanging.calls = 0;
  });
  afterAll(() => shop.close());

  const publish = (...events: object[]) =>
    shop.app.get(ClsService).run(() => shop.app.get(TransactionHost).withTransaction(() => shop.app.get(EventOutbox).publish(...events)));

  const effects = async (): Promise<Record<string, number>> => {
    const rows: Array<{ subscriber: string; n: number }> = await shop.dataSource.query(
      `SELECT subscriber, count(*)::int AS n FROM public.test_hang_effects GROUP BY subscriber`,
    );
    return Object.fromEntries(rows.map((r) => [r.subscriber, r.n]));
  };

  /** A series' value in /metrics (0 when absent); counters add up over the test file, so tests compare before and after. */
  const series = async (pattern: string): Promise<number> => {
    const text = (await shop.http().get('/metrics')).text;
    const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return Number(new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  const HUNG_TIMEOUTS = 'event_handler_runs_total{module="platform",subscriber="platform.test-hangs",outcome="timeout"}';
  const BYSTANDER_OK = 'event_handler_runs_total{module="support",subscriber="support.test-bystander",outcome="success"}';

  it.each(['promise', 'statement'] as const)('fails each attempt at the time limit when it hangs on a %s, and holds up nobody', async (how) => {
    hanging.how = how;
    const timeoutsBefore = await series(HUNG_TIMEOUTS);
    const bystanderBefore = await series(BYSTANDER_OK);
    const stuck = Array.from({ length: 4 }, (_, i) => new StuckV1(`stuck-${i}`));
    const calm = Array.from({ length: 3 }, (_, i) => new CalmV1(`calm-${i}`));
    const stuckIds = await publish(...stuck, ...calm);
    await drainEvents(shop.app);

    expect(await effects()).toEqual({ 'platform.test-sibling': 4, 'platform.test-calm': 3, 'support.test-bystander': 4 });
    expect(hanging.calls).toBe(12); // 4 events × EVENT_MAX_ATTEMPTS (3 in tests)

    const dead: Array<{ event_id: string; attempts: number; last_error: string }> = await shop.dataSource.query(
      `SELECT event_id, attempts, last_error FROM platform.dead_letters WHERE subscriber = 'platform.test-hangs' ORDER BY event_id`,
    );
    expect(dead.map((d) => d.event_id)).toEqual(stuckIds.slice(0, 4).sort());
    for (const letter of dead) {
      expect(letter.attempts).toBe(3);
      // Whichever ends it first: our time limit, or PostgreSQL's statement timeout set for the delivery.
      expect(letter.last_error).toMatch(/did not finish within 400 ms|statement timeout/);
    }
    // The rolled-back attempts left no inbox row, so a re-drive would run the subscriber again.
    const inbox = await shop.dataSource.query(`SELECT 1 FROM platform.inbox WHERE subscriber = 'platform.test-hangs'`);
    expect(inbox).toHaveLength(0);

    // No session is left running the stuck statement or idling inside its transaction.
    const sessions = await shop.dataSource.query(
      `SELECT pid, state FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND (state LIKE 'idle in transaction%' OR (state = 'active' AND query LIKE '%test-hangs%'))`,
    );
    expect(sessions).toEqual([]);

    expect((await series(HUNG_TIMEOUTS)) - timeoutsBefore).toBe(12);
    expect((await series(BYSTANDER_OK)) - bystanderBefore).toBe(4);
    expect(await series('event_dead_letters{module="platform"}')).toBe(4);
  });
});
