import { alipayNotifyEnvelopeProblem, parseAlipayNotifyForm, readAlipayNotification } from './alipay-notification';

describe('Alipay notification', () => {
  const paymentId = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';
  const appId = '2021000000000001';
  const fields = {
    app_id: appId,
    notify_type: 'trade_status_sync',
    out_trade_no: paymentId,
    trade_no: '2026112422001400000000000001',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '19.99',
    sign_type: 'RSA2',
    sign: 'c2lnbg==',
    charset: 'utf-8',
  };
  const expected = { appId, pathRef: paymentId };

  describe('the form', () => {
    it('decodes a UTF-8 form exactly: + is a space, %2B a plus', () => {
      const raw = Buffer.from('subject=%E7%82%B9%E5%8D%A1+%C3%97+1&sign=ab%2Bc%2F%3D%3D&empty=', 'utf8');
      expect(parseAlipayNotifyForm(raw)).toEqual({ subject: '点卡 × 1', sign: 'ab+c/==', empty: '' });
    });

    it('refuses repeated or nameless fields, bytes that are not UTF-8 and an empty body', () => {
      expect(parseAlipayNotifyForm(Buffer.from('total_amount=0.01&total_amount=19.99'))).toBeNull();
      expect(parseAlipayNotifyForm(Buffer.from('=1&a=2'))).toBeNull();
      expect(parseAlipayNotifyForm(Buffer.from([0x61, 0x3d, 0xff]))).toBeNull();
      expect(parseAlipayNotifyForm(Buffer.alloc(0))).toBeNull();
    });

    it('asks for an RSA2 signature in UTF-8 before the signature is checked', () => {
      expect(alipayNotifyEnvelopeProblem(fields)).toBeNull();
      expect(alipayNotifyEnvelopeProblem({ ...fields, charset: 'UTF-8' })).toBeNull();
      expect(alipayNotifyEnvelopeProblem({ ...fields, sign: '' })).toBe('sign missing');
      for (const sign of ['c2lnbg=>', 'c2lnbg', 'c2ln bg==', 'c2lnbg==\n', 'c2lnbh==']) {
        expect(alipayNotifyEnvelopeProblem({ ...fields, sign })).toBe('sign is not base64');
      }
      expect(alipayNotifyEnvelopeProblem({ ...fields, sign_type: 'RSA' })).toBe('sign_type is not RSA2');
      expect(alipayNotifyEnvelopeProblem({ ...fields, charset: 'gbk' })).toBe('charset is not utf-8');
    });
  });

  describe('reading it once signed', () => {
    it('reads a paid trade: TRADE_SUCCESS or TRADE_FINISHED, at its notify URL or the channel URL', () => {
      const paid = { kind: 'paid', paymentId, tradeNo: '2026112422001400000000000001', amountMinor: 1999 };
      expect(readAlipayNotification(fields, expected)).toEqual(paid);
      expect(readAlipayNotification({ ...fields, trade_status: 'TRADE_FINISHED' }, expected)).toEqual(paid);
      expect(readAlipayNotification({ ...fields, total_amount: '20' }, { appId, pathRef: null })).toEqual({ ...paid, amountMinor: 2000 });
    });

    it('has nothing to do for a waiting or closed trade, or a refund notice', () => {
      expect(readAlipayNotification({ ...fields, trade_status: 'WAIT_BUYER_PAY' }, expected)).toEqual({ kind: 'nothing-to-do', reason: 'trade WAIT_BUYER_PAY' });
      expect(readAlipayNotification({ ...fields, trade_status: 'TRADE_CLOSED' }, expected)).toEqual({ kind: 'nothing-to-do', reason: 'trade TRADE_CLOSED' });
      expect(readAlipayNotification({ ...fields, refund_fee: '5.00', gmt_refund: '2026-11-24 20:10:00.123' }, expected)).toEqual({
        kind: 'nothing-to-do',
        reason: 'refund notice',
      });
    });

    it('refuses another app, another payment, an unknown status and unreadable fields', () => {
      const reasonOf = (over: Record<string, string>, pathRef: string | null = paymentId) => {
        const read = readAlipayNotification({ ...fields, ...over }, { appId, pathRef });
        return read.kind === 'invalid' ? read.reason : read.kind;
      };
      expect(reasonOf({ app_id: '2021000000000002' })).toBe("app_id is not this channel's app");
      expect(reasonOf({ notify_type: 'trade_refund_sync' })).toBe('notify_type is not trade_status_sync');
      expect(reasonOf({ out_trade_no: 'ORDER-1' })).toBe('out_trade_no is not one of our payment ids');
      expect(reasonOf({}, '5d1c3f0f-9a11-4c39-9a51-0b6f8f5e2c1a')).toBe('the payment in the notify URL is not the one signed in the body');
      expect(reasonOf({ trade_status: 'TRADE_PENDING' })).toBe('trade_status is not an Alipay trade status');
      expect(reasonOf({ trade_no: '' })).toBe('trade_no missing or malformed');
      for (const amount of ['19.999', '-19.99', '1e3', '', ' 19.99']) expect(reasonOf({ total_amount: amount })).toBe('total_amount is not an amount in yuan');
    });
  });
});
