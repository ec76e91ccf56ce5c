import { alipaySubject, alipayTime, alipayTimeoutExpress, isAlipayTradeNo, isAlipayTradeStatus } from './alipay-trade';

describe('Alipay trade vocabulary', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const inSeconds = (s: number) => new Date(now.getTime() + s * 1000);

  it('writes timeout_express in whole minutes, rounded down, from 1m to 15d', () => {
    expect(alipayTimeoutExpress(now, inSeconds(15 * 60))).toBe('15m');
    expect(alipayTimeoutExpress(now, inSeconds(15 * 60 - 1))).toBe('14m');
    expect(alipayTimeoutExpress(now, inSeconds(30))).toBe('1m');
    expect(alipayTimeoutExpress(now, inSeconds(-60))).toBe('1m');
    expect(alipayTimeoutExpress(now, inSeconds(30 * 24 * 3600))).toBe('21600m');
  });

  it('writes times in Beijing time, as Alipay reads time_expire', () => {
    expect(alipayTime(new Date('2026-11-24T12:15:30.999Z'))).toBe('2026-11-24 20:15:30');
    expect(alipayTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01 00:00:00');
  });

  it("keeps the order number in the subject and leaves out what Alipay refuses", () => {
    expect(alipaySubject('Steam 100/200 = A&B', '20261124-AB12')).toBe('Steam 100 200   A B (20261124-AB12)');
    const long = alipaySubject('点'.repeat(300), '20261124-AB12');
    expect([...long]).toHaveLength(256);
    expect(long.endsWith(' (20261124-AB12)')).toBe(true);
  });

  it('knows the trade statuses and trade numbers', () => {
    expect(['WAIT_BUYER_PAY', 'TRADE_CLOSED', 'TRADE_SUCCESS', 'TRADE_FINISHED'].every(isAlipayTradeStatus)).toBe(true);
    expect(isAlipayTradeStatus('TRADE_PENDING')).toBe(false);
    expect(isAlipayTradeNo('2026112422001400000000000001')).toBe(true);
    expect(isAlipayTradeNo('')).toBe(false);
    expect(isAlipayTradeNo('has space')).toBe(false);
    expect(isAlipayTradeNo(42)).toBe(false);
  });
});
