import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../../src/platform/events/outbox-relay';
import { SubscriberRegistry } from '../../src/platform/events/subscriber-registry';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { SCHEDULES_QUEUE } from '../../src/platform/queue/queue-names';

/**
 * Delivers every committed event to every subscriber and runs every queued job (imports, ...),
 * and returns when nothing is left to do: the outbox is relayed, retries waiting on their backoff
 * are made due at once, and the helper waits on job completions (not on timers) until every
 * consumed queue is empty. Events that handlers publish are drained too. Schedules are left alone.
 * Pass every app whose workers consume the queues.
 */
export async function drainEvents(...apps: INestApplication[]): Promise<void> {
  const parts = apps.map((app) => ({ relay: app.get(OutboxRelay), jobs: app.get(JobQueue) }));
  const dataSource = apps[0].get(DataSource);
  const registries = apps.map((app) => app.get(SubscriberRegistry));
  let settled = 0;
  let wake: (() => void) | null = null;
  const unsubscribe = parts.map(({ jobs }) =>
    jobs.onSettled(() => {
      settled += 1;
      wake?.();
    }),
  );
  try {
    await drainLoop();
  } finally {
    unsubscribe.forEach((off) => off());
  }

  async function drainLoop(): Promise<void> {
  const jobs = parts[0].jobs;
  let quietRounds = 0;
  let quietSince = Date.now();
  for (let round = 0; round < 100_000; round += 1) {
    const seen = settled;
    let relayed = 0;
    for (const { relay } of parts) relayed += await relay.relayAll();
    let busy = 0;
    const queues = new Set(parts.flatMap((p) => p.jobs.consumedQueues()));
    queues.delete(SCHEDULES_QUEUE);
    for (const queue of queues) {
      const counts = await jobs.counts(queue);
      if (counts.delayed > 0) await jobs.promoteDelayed(queue);
      busy += counts.waiting + counts.active + counts.delayed;
    }
    if (relayed === 0 && busy === 0) {
      // A background relay may hold rows locked (so relayAll skipped them) while it queues their
      // jobs: not done until every committed event is relayed.
      const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM platform.outbox WHERE relayed_at IS NULL`);
      // Idle twice in a row, with the event loop turned in between: a job that is moving between
      // Bull's lists, or an event committed by a handler finishing right now, shows up on the
      // second look.
      // The final word: every relayed event is in the inbox (or dead letters) of each of its
      // subscribers. A delivery still between Bull's lists, or committing right now, is waited for
      // (briefly: a test that removed inbox rows on purpose must not hang here).
      if (pending === 0 && quietRounds >= 1) {
        if ((await undelivered()) === 0 || Date.now() - quietSince > 2000) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      if (quietRounds === 0) quietSince = Date.now();
      quietRounds = pending === 0 ? quietRounds + 1 : 0;
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    quietRounds = 0;
    if (busy > 0 && settled === seen) {
      await new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error('drainEvents: no job finished in 20 s; is a worker running?')), 20_000);
        wake = () => {
          clearTimeout(guard);
          wake = null;
          resolve();
        };
      });
    }
  }
  throw new Error('drainEvents: events keep coming; a subscriber may be publishing in a loop');
}

  /** (event, subscriber) deliveries of relayed events that neither the inbox nor the dead letters record. */
  async function undelivered(): Promise<number> {
    const events: Array<{ id: string; type: string; version: number }> = await dataSource.query(
      `SELECT id, type, version FROM platform.outbox WHERE relayed_at IS NOT NULL`,
    );
    if (events.length === 0) return 0;
    const done: Array<{ key: string }> = await dataSource.query(
      `SELECT event_id || ':' || subscriber AS key FROM platform.inbox
       UNION SELECT event_id || ':' || subscriber FROM platform.dead_letters WHERE status = 'dead'`,
    );
    const finished = new Set(done.map((d) => d.key));
    let missing = 0;
    for (const event of events) {
      const names = new Set(registries.flatMap((r) => r.subscribersOf(`${event.type}@v${event.version}`).map((sub) => sub.name)));
      for (const name of names) if (!finished.has(`${event.id}:${name}`)) missing += 1;
    }
    return missing;
  }
}
