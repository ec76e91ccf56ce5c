import { EventEmitter } from 'node:events';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Client, type QueryResult } from 'pg';
import { lockDataDir } from './data-dir-lock';
import { SessionMutex } from './session-mutex';

/** What the pool needs to know; handed over through TypeORM's `extra` options. */
export interface EmbeddedPoolSettings {
  /** The PGlite data directory (created on first use). */
  pgliteDir: string;
  /** The directory whose lock file keeps a second process out. */
  lockDir: string;
  /** Longest wait for the session before a caller gets SessionWaitTimeoutError. */
  waitLimitMs: number;
}

/** A checked-out session: the pg client, with `release()` handing the session to the next caller. */
export type EmbeddedClient = Client & { release: (error?: unknown) => void };

type ConnectCallback = (error: Error | undefined, client?: EmbeddedClient, release?: (error?: unknown) => void) => void;

/**
 * A node-postgres-shaped pool over one embedded PGlite database, given to TypeORM as the `Pool` of
 * its `driver` option (TypeORM then runs its ordinary `postgres` driver on it).
 *
 * PGlite is one PostgreSQL backend: one session. typeorm-pglite's pool hands that session to every
 * caller at once, so two requests' transactions interleave (B's statements run inside A's
 * transaction, and A's COMMIT commits B's half). This pool instead lends the session to one caller
 * at a time, first come first served, and whoever waits longer than the limit gets an error naming
 * the likely cause, instead of a silent deadlock.
 *
 * The session is reached through a real `pg` Client talking the wire protocol to PGlite (PGlite's
 * own node-postgres adapter), not through PGlite's `query()`: values are then serialised and parsed
 * by exactly the code that serves PostgreSQL in production (our int8-as-number parser, Dates,
 * jsonb, arrays, error objects with their SQLSTATE codes). The pool owns the PGlite instance and a
 * lock on the data directory, and `end()` closes both, so the data is flushed when the app stops.
 *
 * Written here rather than subclassing typeorm-pglite (whose driver shape it keeps): that package
 * keeps one PGlite per process in a static singleton (no second data directory, no reopening after
 * close, as tests and restarts need) and answers through PGlite's own parsers. Nor is pg's own Pool
 * used over the adapter: it throws a client away after any failed statement, and the adapter's one
 * connection does not survive being reused by a new client.
 */
export class EmbeddedPool extends EventEmitter {
  private readonly settings: EmbeddedPoolSettings;
  private readonly mutex: SessionMutex;
  private opening?: Promise<{ pglite: PGlite; client: Client }>;
  private ended = false;
  private unlock?: () => void;

  constructor(options: { embedded: EmbeddedPoolSettings }) {
    super();
    this.settings = options.embedded;
    this.mutex = new SessionMutex(this.settings.waitLimitMs);
  }

  connect(): Promise<EmbeddedClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<EmbeddedClient> | void {
    const leased = this.lease();
    if (!callback) return leased;
    leased.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error),
    );
  }

  /** One statement on the session, waiting its turn like any checkout. */
  async query(text: string, values?: unknown[]): Promise<QueryResult> {
    const client = await this.lease();
    try {
      return await client.query(text, values);
    } finally {
      client.release();
    }
  }

  /** Callers waiting for the session right now. */
  get waitingCount(): number {
    return this.mutex.waiting;
  }

  end(callback?: (error?: Error) => void): Promise<void> {
    const done = this.close();
    if (callback) done.then(() => callback(), callback);
    return done;
  }

  private async lease(): Promise<EmbeddedClient> {
    if (this.ended) throw new Error('the embedded database is closed');
    const { pglite, client } = await this.open();
    const releaseSession = await this.mutex.acquire();
    const leased = client as EmbeddedClient;
    let released = false;
    leased.release = () => {
      if (released) return;
      released = true;
      void this.leaveClean(pglite, client).finally(releaseSession);
    };
    return leased;
  }

  /**
   * A holder that gave the session back inside a transaction would otherwise have the next holder's
   * statements join it; roll it back first.
   */
  private async leaveClean(pglite: PGlite, client: Client): Promise<void> {
    if (!pglite.isInTransaction()) return;
    process.emitWarning('an embedded database session was released inside a transaction; it was rolled back');
    await client.query('ROLLBACK').catch(() => undefined);
  }

  private open(): Promise<{ pglite: PGlite; client: Client }> {
    this.opening ??= this.start();
    return this.opening;
  }

  private async start(): Promise<{ pglite: PGlite; client: Client }> {
    const unlock = lockDataDir(this.settings.lockDir);
    try {
      const pglite = await PGlite.create({ dataDir: this.settings.pgliteDir, extensions: { pg_trgm } });
      const client = new Client(createPgConfig(pglite) as never);
      client.on('error', (error) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      });
      await client.connect();
      this.unlock = unlock;
      return { pglite, client };
    } catch (error) {
      unlock();
      throw error;
    }
  }

  private async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const opened = await this.opening?.catch(() => undefined);
    if (!opened) return;
    const { pglite, client } = opened;
    // Let the current holder and everyone queued finish; after the wait limit, close regardless.
    const release = await this.mutex.acquire().catch(() => () => undefined);
    try {
      await client.end().catch(() => undefined);
      await pglite.close();
    } finally {
      this.unlock?.();
      release();
    }
  }
}
