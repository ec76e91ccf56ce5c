/** Attempts in all before an e-mail is `failed` (about 5 hours of retries with the delays below). */
export const MAX_SEND_ATTEMPTS = 12;
/** Delay after the first failed attempt; each later one doubles it. */
export const FIRST_RETRY_DELAY_MS = 30_000;
/** No two attempts are further apart than this. */
export const MAX_RETRY_DELAY_MS = 60 * 60_000;

/**
 * How long to wait after `attemptsMade` attempts failed: 30 s, 1 min, 2 min, ... up to an hour.
 * No jitter: one sender at a time works through the rows, so retries do not stampede.
 */
export function retryDelayMs(attemptsMade: number): number {
  const exponent = Math.max(0, attemptsMade - 1);
  return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** Math.min(exponent, 30));
}

export type AfterFailure = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

/** What a failed attempt leaves: another try later, or `failed` once the attempts are used up. */
export function afterFailure(attemptsMade: number, now: Date, maxAttempts = MAX_SEND_ATTEMPTS): AfterFailure {
  if (attemptsMade >= maxAttempts) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attemptsMade)) };
}
