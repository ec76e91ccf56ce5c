/** Thrown to a caller that waited longer than the limit for the one embedded database session. */
export class SessionWaitTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(
      `waited ${waitedMs} ms for the embedded database session, which another caller still holds. ` +
        'The embedded database has one session for the whole process: a code path that needs a second ' +
        'connection while it holds one (e.g. a query outside a transaction that waits for that same ' +
        'transaction) cannot finish here. Run on PostgreSQL (DATABASE_URL) or keep that work on one connection.',
    );
    this.name = 'SessionWaitTimeoutError';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  timer: NodeJS.Timeout;
}

/**
 * A first-come, first-served lock over one resource, handing out a release function per grant.
 * A release function frees the lock once; calling it again does nothing, so a late second release
 * can never free the lock a later holder now has.
 */
export class SessionMutex {
  private held = false;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly waitLimitMs: number) {}

  /** Resolves with the release function when the lock is this caller's; rejects after the wait limit. */
  acquire(): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaseOnce());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new SessionWaitTimeoutError(this.waitLimitMs));
        }, this.waitLimitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Callers waiting right now (not counting the holder). */
  get waiting(): number {
    return this.waiters.length;
  }

  private releaseOnce(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (!next) {
        this.held = false;
        return;
      }
      clearTimeout(next.timer);
      next.grant(this.releaseOnce());
    };
  }
}
