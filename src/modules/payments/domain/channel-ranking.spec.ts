import { acceptsPayment, rankChannels, RankableChannel } from './channel-ranking';

const channel = (code: string, over: Partial<RankableChannel> = {}): RankableChannel => ({
  code,
  enabled: true,
  priority: 100,
  currency: 'CNY',
  minAmountMinor: 1,
  maxAmountMinor: null,
  ...over,
});

describe('channel ranking', () => {
  const ask = { amountMinor: 5000, currency: 'CNY' };

  it('orders by priority, lower first, then by code', () => {
    const ranked = rankChannels([channel('c', { priority: 20 }), channel('b', { priority: 10 }), channel('a', { priority: 20 })], ask);
    expect(ranked.map((c) => c.code)).toEqual(['b', 'a', 'c']);
  });

  it('puts the preferred channel first when it may take the payment', () => {
    const channels = [channel('a', { priority: 1 }), channel('b', { priority: 2 }), channel('c', { priority: 3 })];
    expect(rankChannels(channels, { ...ask, preferredChannel: 'c' }).map((c) => c.code)).toEqual(['c', 'a', 'b']);
    expect(rankChannels(channels, { ...ask, preferredChannel: 'a' }).map((c) => c.code)).toEqual(['a', 'b', 'c']);
    expect(rankChannels(channels, { ...ask, preferredChannel: 'zz' }).map((c) => c.code)).toEqual(['a', 'b', 'c']);
  });

  it('ignores a preferred channel that is disabled or outside its limits', () => {
    const channels = [channel('a', { priority: 1 }), channel('b', { priority: 2, maxAmountMinor: 100 }), channel('c', { enabled: false })];
    expect(rankChannels(channels, { ...ask, preferredChannel: 'b' }).map((c) => c.code)).toEqual(['a']);
    expect(rankChannels(channels, { ...ask, preferredChannel: 'c' }).map((c) => c.code)).toEqual(['a']);
  });

  it('takes only enabled channels of the currency whose limits hold the amount', () => {
    expect(acceptsPayment(channel('a'), ask)).toBe(true);
    expect(acceptsPayment(channel('a', { enabled: false }), ask)).toBe(false);
    expect(acceptsPayment(channel('a', { currency: 'USD' }), ask)).toBe(false);
    expect(acceptsPayment(channel('a', { minAmountMinor: 5001 }), ask)).toBe(false);
    expect(acceptsPayment(channel('a', { minAmountMinor: 5000, maxAmountMinor: 5000 }), ask)).toBe(true);
    expect(acceptsPayment(channel('a', { maxAmountMinor: 4999 }), ask)).toBe(false);
  });
});
