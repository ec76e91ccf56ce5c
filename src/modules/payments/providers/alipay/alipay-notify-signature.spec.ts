import { AlipaySdk } from 'alipay-sdk';
import { generateKeyPairSync } from 'node:crypto';
import { FixedClock } from '../../../../platform/clock/clock';
import type { PaymentProvider, ReceivedCallback } from '../payment-provider';
import { AlipayProvider } from './alipay.provider';

/** The receiving channel, as callback intake passes it. */
const CHANNEL = { code: 'alipay', settings: {} };

/**
 * Signature vectors made without our code. The literal one was worked out with the openssl CLI
 * from Alipay's documented rule (fields sorted by name, sign and sign_type left out, `k=v` joined
 * by `&`, SHA256withRSA, base64):
 *   printf '%s' "app_id=2021000000000001&auth_app_id=...&version=1.0" \
 *     | openssl dgst -sha256 -sign alipay.pem | base64 -w0
 * and the body form-encoded field by field, in the unsorted order Alipay posts them.
 */
const ALIPAY_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArrCam05HARzryXO4XkVvEPomTeonx1d9bF27Zzl4AIuRiHBvRT0NBXq7wsvPGccOElWCrzCwJqmFqPJx2hxQ' +
  'wiFp4BXkvAWpXsP5oCqQ1/TJNQI3ko1RZFql9ZBhvw5XK9i8Pm2nTOUF3mogoprH5ImHf81snKiyo1aDrlVYY8vm8Bia/9bTE/gksz+ySIVtn0vmrMgCho/V3gOWzRTU' +
  'MlwrtQX3IpTQN3+WjWIgE0mVOoOZIUEWuGOTKI5WjZzfp+tHEop+2CvGEoHBtJJocJG9csVLe2C/fI2ypwgHmaXTQDko/vf9IoG+WIrldu2Mpkpv6RPhWlbKDzdb/7wb2QIDAQAB';

const SIGNED_NOTIFY = [
  'gmt_create=2026-11-24%2020%3A00%3A01',
  'charset=utf-8',
  'seller_id=2088000000000001',
  'subject=%E7%82%B9%E5%8D%A1%20%C3%97%201%20%2820261124-ABCD1234%29',
  'sign=Q7M8Z8Nm8sqfPeuvojiQe4dlMwj%2BfVFwh5njJvGYm8lrXKjovVZ%2F4Xuf6PRlEbI4vCLmdezacZ1PHTA7VObAkiwWIgnnrwmvlpemZF9DXgxmBqgQfp58XBICZAmUep34wGb8mPi' +
    'r98HPy6vpX7VDjI%2F3eK0z2%2FfsOYVct5%2Bb0yPRhaV9mc0XGWON2bCFQ05Jr%2F5PkehWMwgCqNRmWK0xQXvSDNQ2p6V%2BWbhPDI5%2B1O01A9L04AtZG4u4xY6e%2FvhEOZ2LhSMVAvO1' +
    's4szJWKk4KPackeJ7qsWl9O0jK3%2B5FhIR1mw7RvaehdAG3m9Cd96neMUdDY8ShlUgacCvGXOOg%3D%3D',
  'buyer_id=2088102177846875',
  'invoice_amount=19.99',
  'notify_id=2026112400222200009000000000000001',
  'fund_bill_list=%5B%7B%22amount%22%3A%2219.99%22%2C%22fundChannel%22%3A%22ALIPAYACCOUNT%22%7D%5D',
  'notify_type=trade_status_sync',
  'trade_status=TRADE_SUCCESS',
  'receipt_amount=19.99',
  'app_id=2021000000000001',
  'buyer_pay_amount=19.99',
  'sign_type=RSA2',
  'gmt_payment=2026-11-24%2020%3A00%3A09',
  'notify_time=2026-11-24%2020%3A00%3A10',
  'version=1.0',
  'out_trade_no=0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11',
  'total_amount=19.99',
  'trade_no=2026112422001400000000000001',
  'auth_app_id=2021000000000001',
  'buyer_logon_id=159%2A%2A%2A%2A5620',
  'point_amount=0.00',
].join('&');

const PAYMENT_ID = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';

describe('Alipay notification signature', () => {
  const provider: PaymentProvider = new AlipayProvider(new FixedClock(new Date('2026-11-24T12:00:10Z')));
  const appKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const credentials = { appId: '2021000000000001', privateKey: appKey, alipayPublicKey: ALIPAY_PUBLIC_KEY };
  const notify = (body: string, pathRef: string | null = PAYMENT_ID): ReceivedCallback => ({
    method: 'POST',
    rawBody: Buffer.from(body, 'utf8'),
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    pathRef,
  });
  const verify = (body: string, pathRef?: string | null) => provider.verifyCallback(notify(body, pathRef), credentials, new Date(), CHANNEL);

  it('accepts the literal vector and reads the payment from it', () => {
    expect(verify(SIGNED_NOTIFY)).toEqual({
      outcome: 'verified',
      paymentId: PAYMENT_ID,
      providerTxnId: '2026112422001400000000000001',
      amountMinor: 1999,
      currency: 'CNY',
      status: 'succeeded',
    });
    expect(verify(SIGNED_NOTIFY, null)).toMatchObject({ outcome: 'verified' });
  });

  it('refuses the vector with one character changed anywhere', () => {
    const changes: Array<[string, string]> = [
      ['total_amount=19.99', 'total_amount=19.98'],
      ['trade_status=TRADE_SUCCESS', 'trade_status=TRADE_SUCCESs'],
      ['%C3%97', 'x'],
      ['sign=Q7M8', 'sign=Q7M9'],
      ['vGXOOg%3D%3D', 'vGXOPg%3D%3D'],
    ];
    for (const [from, to] of changes) {
      expect(SIGNED_NOTIFY).toContain(from);
      expect(verify(SIGNED_NOTIFY.replace(from, to))).toEqual({ outcome: 'refused', reason: 'signature mismatch' });
    }
    // The signature's + and / must arrive percent-encoded (a raw + reads as a space), and be plain base64.
    expect(verify(SIGNED_NOTIFY.replace('j%2BfVF', 'j+fVF'))).toEqual({ outcome: 'refused', reason: 'sign is not base64' });
    for (const ending of ['OOg%3D%3E', 'OOh%3D%3D']) {
      expect(verify(SIGNED_NOTIFY.replace('OOg%3D%3D', ending))).toEqual({ outcome: 'refused', reason: 'sign is not base64' });
    }
    // An unsigned field added to a genuine notification is refused too: the signature covers every field.
    expect(verify(`${SIGNED_NOTIFY}&refund_fee=19.99`)).toEqual({ outcome: 'refused', reason: 'signature mismatch' });
  });

  it('refuses what is not a signed UTF-8 form before looking at the signature', () => {
    expect(verify(`${SIGNED_NOTIFY}&total_amount=0.01`)).toEqual({ outcome: 'refused', reason: 'body is not a well-formed UTF-8 form' });
    expect(verify(SIGNED_NOTIFY.replace('sign_type=RSA2', 'sign_type=RSA'))).toEqual({ outcome: 'refused', reason: 'sign_type is not RSA2' });
    const asJson = { ...notify(SIGNED_NOTIFY), headers: { 'content-type': 'application/json' } };
    expect(provider.verifyCallback(asJson, credentials, new Date(), CHANNEL)).toEqual({ outcome: 'refused', reason: 'body is not a form' });
    const asGet = { ...notify(''), method: 'GET' as const, rawQuery: SIGNED_NOTIFY };
    expect(provider.verifyCallback(asGet, credentials, new Date(), CHANNEL)).toEqual({ outcome: 'refused', reason: 'Alipay notifications are POSTed' });
    expect(provider.verifyCallback(notify(SIGNED_NOTIFY), { ...credentials, alipayPublicKey: 'broken' }, new Date(), CHANNEL)).toEqual({
      outcome: 'refused',
      reason: "the channel's credentials are unusable",
    });
  });

  it("accepts a notification signed by alipay-sdk's own signing code, sign_type included as in its requests", () => {
    const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signer = new AlipaySdk({
      appId: credentials.appId,
      privateKey: alipay.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      keyType: 'PKCS8',
    });
    const body = signer.sdkExecute('alipay.trade.notify', {
      notify_type: 'trade_status_sync',
      out_trade_no: PAYMENT_ID,
      trade_no: '2026112422001400000000000002',
      trade_status: 'TRADE_FINISHED',
      total_amount: '0.05',
      subject: '点卡 & co = 1/2',
    });
    const withAlipayKey = { ...credentials, alipayPublicKey: alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string };
    expect(provider.verifyCallback(notify(body), withAlipayKey, new Date(), CHANNEL)).toMatchObject({
      outcome: 'verified',
      amountMinor: 5,
      providerTxnId: '2026112422001400000000000002',
    });
    expect(provider.verifyCallback(notify(body.replace('total_amount=0.05', 'total_amount=5.00')), withAlipayKey, new Date(), CHANNEL)).toEqual({
      outcome: 'refused',
      reason: 'signature mismatch',
    });
  });
});
