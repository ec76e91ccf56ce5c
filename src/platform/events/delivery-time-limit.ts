import type { DataSource } from 'typeorm';

/** A delivery that ran past EVENT_HANDLER_TIMEOUT_MS: failed like any other error, then retried. */
export class DeliveryTimeLimitError extends Error {
  override readonly name = 'DeliveryTimeLimitError';
}

/** PostgreSQL's code for a statement it cancelled because statement_timeout ran out. */
const QUERY_CANCELED = '57014';

export function isTimeLimitError(error: unknown): boolean {
  if (error instanceof DeliveryTimeLimitError) return true;
  const driverError = (error as { driverError?: { code?: string } } | null)?.driverError;
  return driverError?.code === QUERY_CANCELED;
}

/**
 * Waits for a subscriber at most `ms`. On time-out the attempt fails (its transaction rolls back);
 * the subscriber's promise is abandoned, and should it wake up later its transaction is gone, so it
 * can commit nothing.
 */
export async function withinTimeLimit<T>(work: Promise<T>, ms: number, subscriber: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeliveryTimeLimitError(`${subscriber} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the database server can end a delivery's transaction on its own. Only a real PostgreSQL
 * server can: the embedded PGlite (a driver given in the DataSource options) runs one session in
 * this process, where a server-side timeout has nothing to free and only risks an error that
 * would abort the transaction.
 */
export function serverEndsStuckTransactions(dataSource: DataSource): boolean {
  const options = dataSource.options as { type: string; driver?: unknown };
  return options.type === 'postgres' && options.driver === undefined;
}

/**
 * Server-side limits for the current transaction only (SET LOCAL, as parameters): no statement
 * may run past the delivery's limit (a statement stuck on a lock or a slow query would otherwise
 * keep its connection busy, and the rollback would wait behind it), and a transaction left idle
 * a little longer than that (the process hung between statements) is ended by the server, which
 * frees its connection even if this process never comes back to roll it back.
 */
export const SERVER_LIMITS_SQL = `SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`;

export function serverLimitParams(ms: number): [string, string] {
  return [String(ms), String(ms + Math.max(1000, Math.round(ms / 10)))];
}
