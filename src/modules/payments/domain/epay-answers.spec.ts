import { isEpayNotFound, readEpayCreateAnswer, readEpayOrderAnswer, readEpayRefundAnswer } from './epay-answers';

const PAYMENT = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';

describe('epay answers', () => {
  it('reads mapi.php answers: a pay URL, a QR code or a URL scheme', () => {
    expect(readEpayCreateAnswer({ code: 1, msg: 'ok', trade_no: 'T1', payurl: 'https://pay.example/p/T1' })).toEqual({
      ok: true,
      tradeNo: 'T1',
      payUrl: 'https://pay.example/p/T1',
      qrContent: undefined,
    });
    expect(readEpayCreateAnswer({ code: '1', trade_no: 'T2', qrcode: 'weixin://wxpay/bizpayurl?pr=x' })).toMatchObject({
      ok: true,
      qrContent: 'weixin://wxpay/bizpayurl?pr=x',
    });
    expect(readEpayCreateAnswer({ code: 1, trade_no: 'T3', urlscheme: 'alipays://platformapi/startapp?x=1' })).toMatchObject({
      payUrl: 'alipays://platformapi/startapp?x=1',
    });
    expect(readEpayCreateAnswer({ code: -1, msg: '签名校验失败' })).toEqual({ ok: false, message: '签名校验失败' });
    expect(readEpayCreateAnswer({ code: 1, trade_no: 'T4' })).toMatchObject({ ok: false });
    expect(readEpayCreateAnswer({ code: 1, payurl: 'https://pay.example' })).toMatchObject({ ok: false, message: 'the answer has no trade_no' });
    expect(readEpayCreateAnswer({ code: 0 })).toEqual({ ok: false, message: 'code 0' });
  });

  it('reads api.php order answers', () => {
    const found = { code: 1, msg: '查询订单号成功！', trade_no: 'T1', out_trade_no: PAYMENT, type: 'alipay', pid: '1001', name: 'x' };
    expect(readEpayOrderAnswer({ ...found, money: '19.99', status: 1 }, PAYMENT)).toEqual({ status: 'paid', tradeNo: 'T1', amountMinor: 1999 });
    expect(readEpayOrderAnswer({ ...found, money: 20, status: '1' }, PAYMENT)).toEqual({ status: 'paid', tradeNo: 'T1', amountMinor: 2000 });
    expect(readEpayOrderAnswer({ ...found, money: '19.99', status: 0 }, PAYMENT)).toEqual({ status: 'unpaid', tradeNo: 'T1' });
    expect(readEpayOrderAnswer({ code: -1, msg: '订单号不存在' }, PAYMENT)).toEqual({ status: 'not_found' });
    expect(readEpayOrderAnswer({ code: -2, msg: 'KEY校验失败' }, PAYMENT)).toEqual({ status: 'error', message: 'KEY校验失败' });
    expect(readEpayOrderAnswer({ code: -3, msg: 'PID不存在' }, PAYMENT)).toEqual({ status: 'error', message: 'PID不存在' });
    expect(readEpayOrderAnswer({ ...found, out_trade_no: 'other', money: '1', status: 1 }, PAYMENT)).toMatchObject({ status: 'error' });
    expect(readEpayOrderAnswer({ ...found, money: '19.999', status: 1 }, PAYMENT)).toMatchObject({ status: 'error' });
    expect(readEpayOrderAnswer({ ...found, money: '1', status: 2 }, PAYMENT)).toMatchObject({ status: 'error' });
  });

  it('tells "order not found" from a refusal of the credentials', () => {
    expect(isEpayNotFound('订单号不存在')).toBe(true);
    expect(isEpayNotFound('order does not exist')).toBe(true);
    expect(isEpayNotFound('PID不存在')).toBe(false);
    expect(isEpayNotFound('商户不存在')).toBe(false);
    expect(isEpayNotFound('KEY校验失败')).toBe(false);
  });

  it('reads refund answers, with the message cleaned', () => {
    expect(readEpayRefundAnswer({ code: 1, msg: '退款成功' })).toEqual({ ok: true });
    expect(readEpayRefundAnswer({ code: -1, msg: '退款金额\n超出' })).toEqual({ ok: false, message: '退款金额 超出' });
    expect(readEpayRefundAnswer({ code: -1, msg: 'x'.repeat(500) })).toMatchObject({ message: 'x'.repeat(200) });
  });
});
