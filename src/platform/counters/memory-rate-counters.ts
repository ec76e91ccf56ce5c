import { RateCounters } from './rate-counters';

interface Entry {
  count: number;
  expiresAt: number;
}

/**
 * The counters in this process's memory, for a shop without Redis (one process). They reset when
 * the process restarts. At most `maxKeys` live keys are kept: past that, ended windows are dropped
 * first, then the least recently hit keys, so a flood of made-up clients cannot grow the process without end.
 */
export class MemoryRateCounters extends RateCounters {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async hit(keys: string[], windowSeconds: number): Promise<number[]> {
    const now = this.now();
    return keys.map((key) => {
      const count = (this.live(key, now)?.count ?? 0) + 1;
      // Re-inserted, so the map stays ordered by last hit, which is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, { count, expiresAt: now + windowSeconds * 1000 });
      this.bound(now);
      return count;
    });
  }

  async read(keys: string[]): Promise<number[]> {
    const now = this.now();
    return keys.map((key) => this.live(key, now)?.count ?? 0);
  }

  async clear(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async clearPrefix(prefix: string): Promise<number> {
    let removed = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) removed += Number(this.entries.delete(key));
    }
    return removed;
  }

  /** How many keys are held (for tests of the bound). */
  size(): number {
    return this.entries.size;
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Over the bound, trims to 90% of it, so the walk over every key happens once per many hits. */
  private bound(now: number): void {
    if (this.entries.size <= this.maxKeys) return;
    const target = Math.floor(this.maxKeys * 0.9);
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(key);
    }
  }
}
