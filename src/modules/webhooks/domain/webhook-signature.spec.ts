import { computeSignature, signatureHeader } from './webhook-signature';

describe('webhook signatures', () => {
  // Computed independently with OpenSSL:
  //   printf '%s' '1795560000.{"id":"evt_1","type":"orders.order.paid"}' \
  //     | openssl dgst -sha256 -hmac 'whsec_test_vector_secret'
  const secret = 'whsec_test_vector_secret';
  const body = '{"id":"evt_1","type":"orders.order.paid"}';
  const expected = '4ae89db2e91f5194a3c142a72e2686f4b5698b56c2eaf6d48acea8cd4d503599';

  it('is hex HMAC-SHA256 of "<t>.<body>" keyed by the whole secret (fixed vector from openssl)', () => {
    expect(computeSignature(secret, 1795560000, body)).toBe(expected);
  });

  it('writes the header t=<unix seconds>,v1=<hex>, with a second v1 while an old secret is honoured', () => {
    expect(signatureHeader({ secrets: [secret], timestamp: 1795560000, body })).toBe(`t=1795560000,v1=${expected}`);
    const two = signatureHeader({ secrets: [secret, 'whsec_old'], timestamp: 1795560000, body });
    expect(two).toBe(`t=1795560000,v1=${expected},v1=${computeSignature('whsec_old', 1795560000, body)}`);
  });

  it('changes with the body, the timestamp and the secret', () => {
    const base = computeSignature(secret, 1795560000, body);
    expect(computeSignature(secret, 1795560001, body)).not.toBe(base);
    expect(computeSignature(secret, 1795560000, body + ' ')).not.toBe(base);
    expect(computeSignature('whsec_other', 1795560000, body)).not.toBe(base);
  });

  it('never signs without a secret or with a bad timestamp', () => {
    expect(() => signatureHeader({ secrets: [], timestamp: 1, body })).toThrow(/unsigned/);
    expect(() => signatureHeader({ secrets: [secret], timestamp: 1.5, body })).toThrow(/unix seconds/);
  });
});
