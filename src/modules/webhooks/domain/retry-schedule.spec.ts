import { endsSeries, outcomeOfStatus, retryDelayMs } from './retry-schedule';

describe('the retry schedule', () => {
  it('waits (2^n − 1) × base after n failed runs, as the queue does', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 90_000, 210_000, 450_000, 930_000]);
    // 8 attempts with the default base: 7 waits, about two hours in all.
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + retryDelayMs(n, 30_000), 0);
    expect(total).toBe(247 * 30_000);
    expect(() => retryDelayMs(0, 1000)).toThrow();
  });

  it('counts only 2xx answers as success', () => {
    expect([200, 201, 204, 299].map(outcomeOfStatus)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect([199, 301, 302, 400, 404, 410, 500, 503].map(outcomeOfStatus).every((o) => o === 'http_error')).toBe(true);
  });

  it('ends a series on success, on a refused target or on the last attempt', () => {
    expect(endsSeries('succeeded', 1, 8)).toBe(true);
    expect(endsSeries('refused', 1, 8)).toBe(true);
    expect(endsSeries('timeout', 7, 8)).toBe(false);
    expect(endsSeries('http_error', 8, 8)).toBe(true);
    expect(endsSeries('network_error', 3, 3)).toBe(true);
  });
});
