import { epaySignatureMatches, epaySigningString, signEpay, withEpaySignature } from './epay-signature';

// Worked out by hand: the sorted, unencoded string with the key appended, hashed with
//   printf '%s' '<string><key>' | md5sum
const KEY = '89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i';
const PAYMENT = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';

describe('epay MD5 signature', () => {
  it('matches a fixed vector for an order (raw values, empty ones and sign/sign_type left out)', () => {
    const params = {
      pid: '1001',
      type: 'alipay',
      out_trade_no: PAYMENT,
      notify_url: `https://shop.example/api/payments/callbacks/epay/${PAYMENT}`,
      return_url: 'https://shop.example/orders/20261124-A1B2C3D4',
      name: 'Game card × 1 #20261124-A1B2C3D4',
      money: '19.99',
      param: '',
      sign: 'ignored',
      sign_type: 'MD5',
    };
    expect(epaySigningString(params)).toBe(
      'money=19.99&name=Game card × 1 #20261124-A1B2C3D4' +
        `&notify_url=https://shop.example/api/payments/callbacks/epay/${PAYMENT}&out_trade_no=${PAYMENT}` +
        '&pid=1001&return_url=https://shop.example/orders/20261124-A1B2C3D4&type=alipay',
    );
    expect(signEpay(params, KEY)).toBe('37156b746f4d66c7a6ff2b21345c022d');
  });

  it('matches a fixed vector for a notify with a Chinese name (UTF-8 bytes)', () => {
    const notify = {
      pid: '1001',
      trade_no: '2016080622555342651',
      out_trade_no: '20160806151343349',
      type: 'alipay',
      name: '测试商品',
      money: '1.00',
      trade_status: 'TRADE_SUCCESS',
      sign: '44a08141993c5e0d67490ab9e17a4bf2',
      sign_type: 'MD5',
    };
    expect(epaySignatureMatches(notify, KEY)).toBe(true);
  });

  it('adds sign and sign_type', () => {
    expect(withEpaySignature({ b: '2', a: '1' }, 'k')).toEqual({ b: '2', a: '1', sign: signEpay({ a: '1', b: '2' }, 'k'), sign_type: 'MD5' });
  });

  it('never signs or verifies with an empty key', () => {
    const signed = withEpaySignature({ pid: '1001' }, KEY);
    expect(() => signEpay({ pid: '1001' }, '')).toThrow(/empty merchant key/);
    expect(epaySignatureMatches({ pid: '1001', sign: signEpay({ pid: '1001' }, KEY) }, '')).toBe(false);
    expect(epaySignatureMatches(signed, KEY)).toBe(true);
  });

  it('refuses a changed value, another key, a missing, uppercase or malformed signature', () => {
    const signed = withEpaySignature({ pid: '1001', money: '19.99' }, KEY);
    expect(epaySignatureMatches({ ...signed, money: '0.01' }, KEY)).toBe(false);
    expect(epaySignatureMatches(signed, `${KEY}x`)).toBe(false);
    expect(epaySignatureMatches({ pid: '1001', money: '19.99' }, KEY)).toBe(false);
    expect(epaySignatureMatches({ ...signed, sign: signed.sign.toUpperCase() }, KEY)).toBe(false);
    expect(epaySignatureMatches({ ...signed, sign: 'zz' }, KEY)).toBe(false);
  });
});
