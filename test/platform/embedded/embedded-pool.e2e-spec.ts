import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Loaded for its side effect too: the int8 parser every pg client of the app uses.
import '../../../src/platform/database/data-source-options';
import { DataDirInUseError } from '../../../src/platform/database/embedded/data-dir-lock';
import { EmbeddedPool, type EmbeddedClient } from '../../../src/platform/database/embedded/embedded-pool';
import { SessionMutex, SessionWaitTimeoutError } from '../../../src/platform/database/embedded/session-mutex';

/** The pool that lends the one PGlite session, on a real PGlite in a temporary directory. */
describe('EmbeddedPool', () => {
  let dir: string;
  let pool: EmbeddedPool;
  // The app's own wait limit: a loaded CI machine can take seconds to run the transactions that queue
  // here. The limit itself is tested on the lock alone, with a short one.
  const newPool = () => new EmbeddedPool({ embedded: { pgliteDir: join(dir, 'pglite'), lockDir: dir, waitLimitMs: 30_000 } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cardshop-pool-'));
    pool = newPool();
    await pool.query('CREATE TABLE items (id int PRIMARY KEY, owner text NOT NULL)');
  }, 180_000); // a cold PGlite start on a busy machine

  afterAll(async () => {
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => pool.query('TRUNCATE items'));

  const owners = async () => (await pool.query('SELECT owner, count(*)::int AS n FROM items GROUP BY owner ORDER BY owner')).rows;

  it('keeps two concurrent transactions apart: the rolled-back one leaves nothing, the other keeps everything', async () => {
    const steps: string[] = [];
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const transaction = async (owner: string, first: number, outcome: 'COMMIT' | 'ROLLBACK') => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (let i = 0; i < 3; i += 1) {
          await client.query('INSERT INTO items VALUES ($1, $2)', [first + i, owner]);
          steps.push(owner);
          await tick(); // give the other transaction every chance to cut in
        }
        await client.query(outcome);
      } finally {
        client.release();
      }
    };

    await Promise.all([transaction('a', 1, 'COMMIT'), transaction('b', 100, 'ROLLBACK'), transaction('c', 200, 'COMMIT')]);

    expect(await owners()).toEqual([
      { owner: 'a', n: 3 },
      { owner: 'c', n: 3 },
    ]);
    // Each transaction ran whole before the next began.
    expect(steps.join('')).toBe('aaabbbccc');
  });

  it('serves waiting callers in the order they came, and pool.query waits its turn too', async () => {
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO items VALUES (1, 'uncommitted')`);

    const served: number[] = [];
    const waiters = [1, 2, 3, 4].map(async (n) => {
      const client = await pool.connect();
      served.push(n);
      client.release();
    });
    // A statement outside any checkout must not run inside the holder's open transaction.
    const counted = pool.query('SELECT count(*)::int AS n FROM items');
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.waitingCount).toBe(5);

    await holder.query('ROLLBACK');
    holder.release();
    await Promise.all(waiters);

    expect(served).toEqual([1, 2, 3, 4]);
    expect((await counted).rows).toEqual([{ n: 0 }]);
  });

  it('fails a caller that waits past the limit with a clear error, and the lock stays usable', async () => {
    const lock = new SessionMutex(300);
    const release = await lock.acquire();
    const started = Date.now();
    await expect(lock.acquire()).rejects.toThrow(SessionWaitTimeoutError);
    await expect(lock.acquire()).rejects.toThrow(/waited 300 ms for the embedded database session.*needs a second connection/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    // The callers that gave up never get the lock later.
    expect(lock.waiting).toBe(0);
    release();
    const again = await lock.acquire();
    again();
  });

  it('rolls back a transaction left open by a holder before the next one gets the session', async () => {
    const careless = await pool.connect();
    await careless.query('BEGIN');
    await careless.query(`INSERT INTO items VALUES (5, 'forgotten')`);
    careless.release();

    expect(await owners()).toEqual([]);
  });

  it('releases once: a second release() of an old checkout never frees a later holder', async () => {
    const first = await pool.connect();
    const release = first.release;
    release();
    const second: EmbeddedClient = await pool.connect();
    release(); // late and stale
    let thirdServed = false;
    const third = pool.connect().then((c) => {
      thirdServed = true;
      c.release();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdServed).toBe(false);
    second.release();
    await third;
    expect(thirdServed).toBe(true);
  });

  it('reads values the way the pg path does: int8 as numbers, jsonb as objects, timestamptz as Dates, SQLSTATE on errors', async () => {
    const { rows } = await pool.query(
      `SELECT 9007199254740991::int8 AS big, $1::jsonb AS doc, '2030-01-02T03:04:05Z'::timestamptz AS at, ARRAY['x','y'] AS tags`,
      [JSON.stringify({ a: [1, 2] })],
    );
    expect(rows).toEqual([{ big: 9007199254740991, doc: { a: [1, 2] }, at: new Date('2030-01-02T03:04:05Z'), tags: ['x', 'y'] }]);
    await expect(pool.query('SELECT 9007199254740993::int8 AS n')).rejects.toThrow(/beyond the exact integer range/);
    await pool.query(`INSERT INTO items VALUES (1, 'x')`);
    await expect(pool.query(`INSERT INTO items VALUES (1, 'y')`)).rejects.toMatchObject({ code: '23505', constraint: 'items_pkey' });
    // An error leaves the session usable.
    expect((await pool.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 1 }]);
  });

  it('refuses a second database on the same directory while the first is open', async () => {
    const second = newPool();
    await expect(second.query('SELECT 1')).rejects.toThrow(DataDirInUseError);
    await second.end();
  });
});
