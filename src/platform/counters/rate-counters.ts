/**
 * Counters in fixed time windows, for rate limits (lookup and sign-in failures, partner requests).
 * Redis keeps them for every process alike; without Redis they live in this process's memory.
 * Keys are whole (callers prefix them with QUEUE_PREFIX), so both stores hold the same keys.
 */
export abstract class RateCounters {
  /**
   * Adds one to each key and (re)starts its window of `windowSeconds`, in one atomic step;
   * returns the new counts in the order of the keys.
   */
  abstract hit(keys: string[], windowSeconds: number): Promise<number[]>;

  /** The current counts (0 for a key never hit or whose window ended). */
  abstract read(keys: string[]): Promise<number[]>;

  abstract clear(key: string): Promise<void>;

  /** Removes every key starting with `prefix` (tests and maintenance; walks all keys). */
  abstract clearPrefix(prefix: string): Promise<number>;
}
