import { afterFailure, MAX_RETRY_DELAY_MS, MAX_SEND_ATTEMPTS, retryDelayMs } from './retry-policy';

describe('the e-mail retry policy', () => {
  it('doubles from 30 s and stops growing at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(retryDelayMs)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600].map((s) => s * 1000));
    expect(retryDelayMs(60)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('gives up after the last attempt, about five hours after the first', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(afterFailure(1, now)).toEqual({ status: 'pending', nextAttemptAt: new Date('2026-11-24T12:00:30Z') });
    expect(afterFailure(MAX_SEND_ATTEMPTS - 1, now).status).toBe('pending');
    expect(afterFailure(MAX_SEND_ATTEMPTS, now)).toEqual({ status: 'failed' });
    const totalWait = Array.from({ length: MAX_SEND_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(totalWait / 3_600_000).toBeCloseTo(5.06, 1);
  });
});
