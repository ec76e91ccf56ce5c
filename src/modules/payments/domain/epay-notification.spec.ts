import { epayFieldsOf, EpayNotifyTarget, readEpayNotification } from './epay-notification';
import { withEpaySignature } from './epay-signature';

const KEY = '89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i';
const PAYMENT = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';
const target: EpayNotifyTarget = { pid: '1001', key: KEY, pathRef: PAYMENT };

const notify = (over: Record<string, string> = {}) =>
  withEpaySignature(
    {
      pid: '1001',
      trade_no: '2026112412000012345',
      out_trade_no: PAYMENT,
      type: 'alipay',
      name: 'Game card #20261124-A1B2C3D4',
      money: '19.99',
      trade_status: 'TRADE_SUCCESS',
      ...over,
    },
    KEY,
  );

describe('epay notify', () => {
  it('reads a genuine payment notify', () => {
    expect(readEpayNotification(notify(), target)).toEqual({
      outcome: 'paid',
      paymentId: PAYMENT,
      tradeNo: '2026112412000012345',
      amountMinor: 1999,
    });
    expect(readEpayNotification(notify({ money: '20' }), target)).toMatchObject({ outcome: 'paid', amountMinor: 2000 });
  });

  it('decodes the query once, as the aggregator signed the decoded values', () => {
    const signed = notify({ name: 'Steam 卡 & more+1' });
    // PHP's urlencode: spaces as "+", "+" as %2B, "&" as %26.
    const query = Object.entries(signed)
      .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%20/g, '+')}`)
      .join('&');
    const fields = epayFieldsOf(query);
    expect(fields?.name).toBe('Steam 卡 & more+1');
    expect(readEpayNotification(fields!, target)).toMatchObject({ outcome: 'paid' });
  });

  it('refuses a field given twice', () => {
    expect(epayFieldsOf('money=1.00&money=100.00&pid=1')).toBeNull();
  });

  it('refuses what is not genuine or not for this payment', () => {
    const genuine = notify();
    const cases: Array<[Record<string, string>, EpayNotifyTarget, RegExp]> = [
      [{ ...genuine, money: '0.01' }, target, /signature/],
      [notify(), { ...target, key: `${KEY}x` }, /signature/],
      [notify(), { ...target, key: '' }, /no merchant key/],
      [{ ...genuine, sign_type: 'RSA' }, target, /sign_type/],
      [notify({ pid: '1002' }), target, /pid/],
      [notify(), { ...target, pathRef: null }, /per-payment URL/],
      [notify(), { ...target, pathRef: '7d1f3c2e-0000-4000-8000-000000000000' }, /notify URL/],
      [notify({ money: '19.999' }), target, /money/],
      [notify({ money: '' }), target, /money/],
      [notify({ trade_no: 'has space' }), target, /trade_no/],
    ];
    for (const [fields, t, reason] of cases) {
      const read = readEpayNotification(fields, t);
      expect(read.outcome).toBe('refused');
      expect(read.outcome === 'refused' && read.reason).toMatch(reason);
    }
  });

  it('ignores a genuine notify with another status', () => {
    expect(readEpayNotification(notify({ trade_status: 'TRADE_CLOSED' }), target)).toEqual({
      outcome: 'ignored',
      reason: 'trade_status TRADE_CLOSED is not a payment',
    });
    expect(readEpayNotification(notify({ trade_status: '<b>' }), target)).toMatchObject({ reason: 'trade_status (unreadable) is not a payment' });
  });
});
