import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { MemoryRateCounters } from '../../../src/platform/counters/memory-rate-counters';
import { RateCounters } from '../../../src/platform/counters/rate-counters';
import { RedisRateCounters } from '../../../src/platform/counters/redis-rate-counters';

/** The same cases for the Redis counters (on the test Redis) and the in-memory ones. */
describe.each(['redis', 'memory'] as const)('RateCounters: %s', (kind) => {
  const prefix = `rc${randomUUID().slice(0, 8)}:`;
  let redis: Redis | undefined;
  let counters: RateCounters;

  beforeAll(() => {
    if (kind === 'redis') {
      redis = new Redis(process.env.REDIS_URL as string);
      counters = new RedisRateCounters(redis);
    } else {
      counters = new MemoryRateCounters();
    }
  });
  afterAll(async () => {
    await counters.clearPrefix(prefix);
    await redis?.quit();
  });

  it('counts hits per key, reads unknown keys as 0 and clears one key or a whole prefix', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((k) => `${prefix}${k}`);
    expect(await counters.hit([a, b], 60)).toEqual([1, 1]);
    expect(await counters.hit([a], 60)).toEqual([2]);
    expect(await counters.read([a, b, c])).toEqual([2, 1, 0]);
    await counters.clear(a);
    expect(await counters.read([a, b])).toEqual([0, 1]);
    await counters.hit([`${prefix}*x`], 60);
    expect(await counters.clearPrefix(prefix)).toBe(2);
    expect(await counters.read([b, `${prefix}*x`])).toEqual([0, 0]);
  });

  it('clears only keys under the prefix, taking glob characters literally', async () => {
    const other = `${prefix.slice(0, -1)}-other:k`;
    await counters.hit([`${prefix}[k]`, other], 60);
    expect(await counters.clearPrefix(`${prefix}[`)).toBe(1);
    expect(await counters.read([other])).toEqual([1]);
    await counters.clear(other);
  });

  if (kind === 'redis') {
    it('gives each hit key a window of the given length', async () => {
      const key = `${prefix}ttl`;
      await counters.hit([key], 120);
      const ttl = await (redis as Redis).ttl(key);
      expect(ttl).toBeGreaterThan(110);
      expect(ttl).toBeLessThanOrEqual(120);
    });
  }
});

describe('MemoryRateCounters', () => {
  it('forgets a count when its window ends, and a hit restarts the window', async () => {
    let now = 1_000_000;
    const counters = new MemoryRateCounters(100, () => now);
    await counters.hit(['k'], 60);
    now += 59_000;
    expect(await counters.hit(['k'], 60)).toEqual([2]);
    now += 59_000;
    expect(await counters.read(['k'])).toEqual([2]);
    now += 1_000;
    expect(await counters.read(['k'])).toEqual([0]);
    expect(await counters.hit(['k'], 60)).toEqual([1]);
  });

  it('keeps at most its bound of keys, dropping the least recently hit first', async () => {
    const counters = new MemoryRateCounters(10);
    await counters.hit(['first'], 60);
    for (let i = 0; i < 9; i += 1) await counters.hit([`k${i}`], 60);
    await counters.hit(['first'], 60);
    await counters.hit(['overflow'], 60);
    expect(counters.size()).toBeLessThanOrEqual(10);
    expect(await counters.read(['first', 'overflow', 'k0'])).toEqual([2, 1, 0]);
  });
});
