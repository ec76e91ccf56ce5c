import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { AuditLog } from '../../src/platform/audit/audit-log';
import { EventOutbox } from '../../src/platform/events';
import { EventDeliveryWorker } from '../../src/platform/events/event-delivery-worker';
import { OutboxRelay } from '../../src/platform/events/outbox-relay';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { EFFECTS_TABLE_SQL, observed, TestEventsModule, TestHappenedV1 } from './test-events.module';

describe('integration events: outbox, relay, inbox, dead letters', () => {
  let shop: TestApp;

  const effects = async (subscriber: string): Promise<number> => {
    const [{ count }] = await shop.dataSource.query(
      `SELECT count(*)::int AS count FROM public.test_effects WHERE subscriber = $1`,
      [subscriber],
    );
    return count;
  };

  /** Runs `work` in a CLS context and an ambient transaction, the way a request or job does. */
  const inTransaction = <T>(work: () => Promise<T>): Promise<T> =>
    shop.app.get(ClsService).run(() => shop.app.get(TransactionHost).withTransaction(work));

  const publish = (...events: TestHappenedV1[]) =>
    inTransaction(() => shop.app.get(EventOutbox).publish(...events));

  beforeAll(async () => {
    // ROLE=api: no background relay or consumers until a test starts them, so every step is explicit.
    shop = await createTestApp({ imports: [TestEventsModule] });
    await shop.dataSource.query(EFFECTS_TABLE_SQL);
  });

  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await shop.dataSource.query(`TRUNCATE public.test_effects`);
    observed.reset();
  });

  afterAll(() => shop.close());

  it('delivers a committed event once to each subscriber, as an instance of its class', async () => {
    await publish(new TestHappenedV1('committed', 42));
    await drainEvents(shop.app);
    expect(await effects('platform.test-recorder')).toBe(1);
    expect(await effects('platform.test-flaky')).toBe(1);
    const [row] = await shop.dataSource.query(`SELECT tag, amount FROM public.test_effects LIMIT 1`);
    expect(row).toEqual({ tag: 'committed', amount: 42 });
  });

  it('publishes nothing when the transaction rolls back', async () => {
    await expect(
      inTransaction(async () => {
        await shop.app.get(EventOutbox).publish(new TestHappenedV1('rolled-back', 1));
        await shop.app.get(AuditLog).record({ action: 'platform.test', reason: 'joins the same transaction' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await drainEvents(shop.app);
    expect(await shop.dataSource.query(`SELECT * FROM platform.outbox`)).toHaveLength(0);
    expect(await shop.dataSource.query(`SELECT * FROM platform.audit_log`)).toHaveLength(0);
    expect(observed.recorderCalls).toBe(0);
  });

  it('refuses to publish outside a transaction', async () => {
    await expect(
      shop.app.get(ClsService).run(() => shop.app.get(EventOutbox).publish(new TestHappenedV1('loose', 1))),
    ).rejects.toThrow(/inside a transaction/);
  });

  it('retries a failing subscriber, dead-letters it, and re-drives it to success without holding up others', async () => {
    observed.flakyFailuresLeft = 3; // EVENT_MAX_ATTEMPTS is 3 in tests: every attempt fails
    const [eventId] = await publish(new TestHappenedV1('flaky', 7));
    await drainEvents(shop.app);

    expect(observed.flakyCalls).toBe(3);
    expect(await effects('platform.test-flaky')).toBe(0); // each failed attempt rolled its effect back
    expect(await effects('platform.test-recorder')).toBe(1); // the other subscriber was not held up
    expect(observed.recorderCalls).toBe(1);

    const owner = await shop.adminToken('operator');
    const listed = await shop.http().get('/admin/events/dead-letters?status=dead').set('Authorization', `Bearer ${owner}`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0]).toMatchObject({
      eventId,
      subscriber: 'platform.test-flaky',
      eventType: 'platform.test.happened',
      attempts: 3,
      status: 'dead',
    });
    expect(listed.body.items[0].lastError).toContain('flaky subscriber failed on purpose');
    // Published so merchants hear of it at once (notifications alerts on it).
    const [alert] = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = 'platform.delivery.dead-lettered'`);
    expect(alert.payload).toMatchObject({ eventId, eventType: 'platform.test.happened', subscriber: 'platform.test-flaky', attempts: 3 });

    const redriven = await shop
      .http()
      .post(`/admin/events/dead-letters/${eventId}/platform.test-flaky/redrive`)
      .set('Authorization', `Bearer ${owner}`);
    expect(redriven.status).toBe(200);
    expect(redriven.body).toMatchObject({ status: 'redriven', redriveCount: 1 });
    await drainEvents(shop.app);

    expect(observed.flakyCalls).toBe(4);
    expect(await effects('platform.test-flaky')).toBe(1);
    expect(await effects('platform.test-recorder')).toBe(1);
    const audit = await shop.dataSource.query(`SELECT action, target_id, actor_type FROM platform.audit_log`);
    expect(audit).toEqual([
      { action: 'platform.event.redrive', target_id: `${eventId}:platform.test-flaky`, actor_type: 'admin' },
    ]);
  });

  it('recovers by itself when a retry succeeds before the attempts run out', async () => {
    observed.flakyFailuresLeft = 1;
    await publish(new TestHappenedV1('recovers', 3));
    await drainEvents(shop.app);
    expect(observed.flakyCalls).toBe(2);
    expect(await effects('platform.test-flaky')).toBe(1);
    expect(await shop.dataSource.query(`SELECT * FROM platform.dead_letters`)).toHaveLength(0);
  });

  it('gives a redelivered event no second effect', async () => {
    const [eventId] = await publish(new TestHappenedV1('redelivered', 5));
    await drainEvents(shop.app);
    const worker = shop.app.get(EventDeliveryWorker);
    const job = { id: 'x', name: 'platform.test-recorder', attemptsMade: 0, maxAttempts: 3 };
    const again = await Promise.all(
      Array.from({ length: 5 }, () => worker.deliver({ ...job, data: { eventId, subscriber: 'platform.test-recorder' } })),
    );
    expect(again).toEqual(Array(5).fill('duplicate'));
    expect(await effects('platform.test-recorder')).toBe(1);
  });

  it('reports a dead letter that does not exist as 404 and a malformed id as 400', async () => {
    const owner = await shop.adminToken('owner');
    const missing = await shop
      .http()
      .post(`/admin/events/dead-letters/3b241101-e2bb-4255-8caf-4136c566a962/platform.test-flaky/redrive`)
      .set('Authorization', `Bearer ${owner}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('dead_letter_not_found');
    const malformed = await shop
      .http()
      .post(`/admin/events/dead-letters/not-a-uuid/platform.test-flaky/redrive`)
      .set('Authorization', `Bearer ${owner}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
  });
});

describe('integration events across two worker processes', () => {
  it('handles each (event, subscriber) exactly once when two workers relay the same outbox', async () => {
    const prefix = `tw${Date.now().toString(36)}`;
    const env = { ROLE: 'worker', QUEUE_PREFIX: prefix, OUTBOX_POLL_INTERVAL_MS: '10', OUTBOX_BATCH_SIZE: '7' };
    const first = await createTestApp({ imports: [TestEventsModule], env });
    const second = await createTestApp({ imports: [TestEventsModule], env });
    try {
      await first.dataSource.query(EFFECTS_TABLE_SQL);
      await resetPlatformTables(first.dataSource);
      await first.dataSource.query(`TRUNCATE public.test_effects`);
      observed.reset();

      // Both workers' relay loops and consumers are running while the events land.
      const total = 300;
      const cls = first.app.get(ClsService);
      const txHost = first.app.get(TransactionHost);
      for (let i = 0; i < total; i += 25) {
        await cls.run(() =>
          txHost.withTransaction(() =>
            first.app.get(EventOutbox).publish(...Array.from({ length: 25 }, (_, k) => new TestHappenedV1(`e${i + k}`, i + k))),
          ),
        );
      }
      // Both relays race for the same rows while both consume the shared queues.
      await Promise.all([first.app.get(OutboxRelay).relayAll(), second.app.get(OutboxRelay).relayAll()]);
      await drainEvents(first.app, second.app);

      const perPair = await first.dataSource.query(
        `SELECT subscriber, count(*)::int AS effects, count(DISTINCT event_id)::int AS events
           FROM public.test_effects GROUP BY subscriber ORDER BY subscriber`,
      );
      expect(perPair).toEqual([
        { subscriber: 'platform.test-flaky', effects: total, events: total },
        { subscriber: 'platform.test-recorder', effects: total, events: total },
      ]);
      // Not even a duplicate attempt: the relay handed each (event, subscriber) out once.
      expect(observed.recorderCalls).toBe(total);
      expect(observed.flakyCalls).toBe(total);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
