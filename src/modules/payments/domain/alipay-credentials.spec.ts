import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readAlipayCredentials } from './alipay-credentials';

describe('Alipay credentials', () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki') => key.export({ type, format: 'pem' } as never) as string;
  /** What Alipay's key tool writes: the base64 body of the DER, no header lines. */
  const bare = (key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki') => (key.export({ type, format: 'der' } as never) as Buffer).toString('base64');
  const appId = '2021000122671080';

  it('reads PEM and bare base64 keys, PKCS#1 or PKCS#8, and hands the SDK PKCS#8 and SPKI', () => {
    const expected = {
      appId,
      privateKeyPkcs8: bare(app.privateKey, 'pkcs8'),
      alipayPublicKeySpki: bare(alipay.publicKey, 'spki'),
    };
    const forms = [
      { privateKey: pem(app.privateKey, 'pkcs8'), alipayPublicKey: pem(alipay.publicKey, 'spki') },
      { privateKey: pem(app.privateKey, 'pkcs1'), alipayPublicKey: pem(alipay.publicKey, 'pkcs1') },
      { privateKey: bare(app.privateKey, 'pkcs8'), alipayPublicKey: bare(alipay.publicKey, 'spki') },
      // Keys pasted across lines, as copied from a console.
      { privateKey: bare(app.privateKey, 'pkcs1').replace(/(.{64})/g, '$1\n'), alipayPublicKey: ` ${bare(alipay.publicKey, 'pkcs1')}\n` },
    ];
    for (const keys of forms) expect(readAlipayCredentials({ appId, ...keys })).toEqual({ ok: true, keys: expected });
    // The normalised keys are the same keys.
    expect(createPrivateKey({ key: Buffer.from(expected.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' }).equals(app.privateKey)).toBe(true);
    expect(createPublicKey({ key: Buffer.from(expected.alipayPublicKeySpki, 'base64'), format: 'der', type: 'spki' }).equals(alipay.publicKey)).toBe(true);
  });

  it('names each missing, malformed or unknown field without its value', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const read = readAlipayCredentials({
      appId: '12345',
      privateKey: pem(weak.privateKey, 'pkcs8'),
      alipayPublicKey: pem(ec.publicKey, 'spki'),
      secret: 'x',
    });
    expect(read).toEqual({
      ok: false,
      problems: [
        'credentials.secret is not an Alipay credential (appId, privateKey, alipayPublicKey)',
        "credentials.appId must be the app's 16-digit APPID",
        "credentials.privateKey must be the app's RSA private key (2048 bits or more), PEM or bare base64",
        "credentials.alipayPublicKey must be Alipay's RSA public key (2048 bits or more), PEM or bare base64",
      ],
    });
    expect(readAlipayCredentials({})).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.stringMatching(/^credentials.appId/)]) });
    const garbled = readAlipayCredentials({ appId, privateKey: 'not a key!', alipayPublicKey: 'QUJD' });
    expect(garbled.ok).toBe(false);
    expect(JSON.stringify(garbled)).not.toContain('not a key!');
  });

  it("refuses a private key pasted as Alipay's public key, and the app's own public key in its place", () => {
    const privateAsPublic = readAlipayCredentials({ appId, privateKey: pem(app.privateKey, 'pkcs8'), alipayPublicKey: pem(alipay.privateKey, 'pkcs8') });
    expect(privateAsPublic).toMatchObject({ ok: false, problems: [expect.stringMatching(/^credentials.alipayPublicKey must be/)] });
    const ownKey = readAlipayCredentials({ appId, privateKey: bare(app.privateKey, 'pkcs8'), alipayPublicKey: bare(app.publicKey, 'spki') });
    expect(ownKey).toEqual({
      ok: false,
      problems: ["credentials.alipayPublicKey is the app's own public key; it must be Alipay's public key (支付宝公钥)"],
    });
  });
});
