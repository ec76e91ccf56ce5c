/** How one attempt ended. Only `succeeded` (a 2xx answer) ends the series well. */
export type AttemptOutcome = 'succeeded' | 'http_error' | 'timeout' | 'network_error' | 'refused';

export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['succeeded', 'http_error', 'timeout', 'network_error', 'refused'];

/** A 2xx answer is a success; anything else (3xx included: redirects are not followed) is retried. */
export function outcomeOfStatus(statusCode: number): 'succeeded' | 'http_error' {
  return statusCode >= 200 && statusCode < 300 ? 'succeeded' : 'http_error';
}

/**
 * The wait before the next run after `failedRuns` runs failed, exactly as the queue computes it
 * (Bull's exponential backoff): (2^n − 1) × base, so with a base of 30 s the waits are 30 s, 1.5 min,
 * 3.5 min, 7.5 min, ... and 8 attempts span about two hours.
 */
export function retryDelayMs(failedRuns: number, baseMs: number): number {
  if (!Number.isInteger(failedRuns) || failedRuns < 1) throw new Error('failedRuns counts from 1');
  return Math.round((2 ** failedRuns - 1) * baseMs);
}

/**
 * Whether the series ends with this attempt: on success, on a refused target (the address is not
 * allowed: trying again changes nothing until someone fixes the URL), or on the last attempt.
 */
export function endsSeries(outcome: AttemptOutcome, attempt: number, maxAttempts: number): boolean {
  return outcome === 'succeeded' || outcome === 'refused' || attempt >= maxAttempts;
}
