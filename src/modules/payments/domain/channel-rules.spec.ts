import { feeFor, limitProblems, mergeSettings, routingSettingProblems, routingSettingsOf, splitSettings } from './channel-rules';

describe('channel rules', () => {
  it('computes fees in whole minor units, rounding half up', () => {
    expect(feeFor(10_000, 60, 0)).toBe(60);
    expect(feeFor(1234, 60, 0)).toBe(7); // 7.404
    expect(feeFor(1250, 60, 0)).toBe(8); // 7.5
    expect(feeFor(1000, 0, 30)).toBe(30);
    expect(feeFor(99_999_999_999, 10_000, 1)).toBe(100_000_000_000);
  });

  it('checks limits', () => {
    expect(limitProblems(1, null)).toEqual([]);
    expect(limitProblems(100, 100)).toEqual([]);
    expect(limitProblems(100, 99)).toHaveLength(1);
  });

  it('reads routing settings with defaults and bounds, leaving the rest to the provider', () => {
    const settings = { timeoutMs: 300, breakerResetMs: 200, failureRate: 1 };
    expect(splitSettings(settings)).toEqual({ routing: { timeoutMs: 300, breakerResetMs: 200 }, provider: { failureRate: 1 } });
    expect(routingSettingProblems(settings)).toEqual([]);
    expect(routingSettingsOf(settings)).toEqual({
      timeoutMs: 300,
      breakerResetMs: 200,
      breakerErrorPercent: 50,
      breakerMinRequests: 5,
      breakerWindowMs: 60_000,
    });
    expect(routingSettingProblems({ timeoutMs: 10, breakerMinRequests: 1.5, breakerErrorPercent: '50' })).toEqual([
      'settings.timeoutMs must be an integer from 50 to 60000',
      'settings.breakerMinRequests must be an integer from 1 to 1000',
      'settings.breakerErrorPercent must be an integer from 1 to 100',
    ]);
  });

  it('merges a settings patch, null removing a key', () => {
    expect(mergeSettings({ a: 1, b: 2 }, { b: null, c: 3 })).toEqual({ a: 1, c: 3 });
  });
});
