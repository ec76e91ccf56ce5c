import Redis from 'ioredis';
import { RateCounters } from './rate-counters';

/** The counters in Redis: INCR and EXPIRE in one MULTI per hit, so every API node sees one count. */
export class RedisRateCounters extends RateCounters {
  constructor(private readonly redis: Redis) {
    super();
  }

  async hit(keys: string[], windowSeconds: number): Promise<number[]> {
    const multi = this.redis.multi();
    for (const key of keys) multi.incr(key).expire(key, windowSeconds);
    const replies = (await multi.exec()) ?? [];
    return keys.map((_, i) => {
      const [error, count] = replies[i * 2] ?? [new Error('no reply from Redis'), 0];
      if (error) throw error;
      return Number(count);
    });
  }

  async read(keys: string[]): Promise<number[]> {
    if (keys.length === 0) return [];
    return (await this.redis.mget(...keys)).map((value) => Number(value ?? 0));
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async clearPrefix(prefix: string): Promise<number> {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
      if (keys.length > 0) removed += await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return removed;
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
