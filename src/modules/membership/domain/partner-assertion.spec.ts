import { signAssertion, verifyAssertion } from './partner-assertion';

/**
 * The fixed vector was computed outside this code:
 *   json='{"sub":"user-42","email":"Ann@Example.com","displayName":"Ann","exp":1795600600,"iat":1795600000}'
 *   b64=$(printf '%s' "$json" | base64 -w0 | tr '+/' '-_' | tr -d '=')
 *   printf '%s' "$b64" | openssl dgst -sha256 -hmac 'partner-secret-0123456789abcdef-XYZ'
 */
const SECRET = 'partner-secret-0123456789abcdef-XYZ';
const BODY =
  'eyJzdWIiOiJ1c2VyLTQyIiwiZW1haWwiOiJBbm5ARXhhbXBsZS5jb20iLCJkaXNwbGF5TmFtZSI6IkFubiIsImV4cCI6MTc5NTYwMDYwMCwiaWF0IjoxNzk1NjAwMDAwfQ';
const SIGNATURE = '352eaed884d40b6abc6d453dcfd4a05f1e1450fe0e392cae1d113bb2e01be4ec';
const VECTOR = `${BODY}.${SIGNATURE}`;
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe('partner assertions', () => {
  it('accepts the fixed vector inside its lifetime', () => {
    expect(verifyAssertion(SECRET, VECTOR, at(1795600100))).toEqual({
      ok: true,
      assertion: { sub: 'user-42', email: 'Ann@Example.com', displayName: 'Ann', exp: 1795600600, iat: 1795600000 },
    });
  });

  it('signs exactly as the vector was signed', () => {
    const json = { sub: 'user-42', email: 'Ann@Example.com', displayName: 'Ann', exp: 1795600600, iat: 1795600000 };
    expect(signAssertion(SECRET, json)).toBe(VECTOR);
  });

  it('accepts an upper-case hex signature', () => {
    expect(verifyAssertion(SECRET, `${BODY}.${SIGNATURE.toUpperCase()}`, at(1795600100)).ok).toBe(true);
  });

  it('refuses another secret, a changed payload or a changed signature', () => {
    expect(verifyAssertion(`${SECRET}!`, VECTOR, at(1795600100))).toEqual({ ok: false, reason: 'bad_signature' });
    const otherBody = Buffer.from(JSON.stringify({ sub: 'user-1', exp: 1795600600, iat: 1795600000 })).toString('base64url');
    expect(verifyAssertion(SECRET, `${otherBody}.${SIGNATURE}`, at(1795600100))).toEqual({ ok: false, reason: 'bad_signature' });
    const flipped = SIGNATURE.slice(0, -1) + (SIGNATURE.endsWith('c') ? 'd' : 'c');
    expect(verifyAssertion(SECRET, `${BODY}.${flipped}`, at(1795600100))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an expired one, including at the second it expires', () => {
    expect(verifyAssertion(SECRET, VECTOR, at(1795600600))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyAssertion(SECRET, VECTOR, at(1795600599)).ok).toBe(true);
  });

  it('refuses one that expires more than 10 minutes ahead', () => {
    // exp is 1795600600: more than 600 s after 1795599999.
    expect(verifyAssertion(SECRET, VECTOR, at(1795599999))).toEqual({ ok: false, reason: 'expires_too_late' });
    expect(verifyAssertion(SECRET, VECTOR, at(1795600000)).ok).toBe(true);
  });

  it('refuses one issued in the future beyond a minute of clock skew', () => {
    const now = 1795600000;
    const future = signAssertion(SECRET, { sub: 'u', iat: now + 61, exp: now + 300 });
    expect(verifyAssertion(SECRET, future, at(now))).toEqual({ ok: false, reason: 'issued_in_future' });
    const skewed = signAssertion(SECRET, { sub: 'u', iat: now + 60, exp: now + 300 });
    expect(verifyAssertion(SECRET, skewed, at(now)).ok).toBe(true);
  });

  it('refuses malformed ones without throwing', () => {
    const now = at(1795600100);
    const signed = (payload: unknown) => signAssertion(SECRET, payload as object);
    for (const text of [
      '',
      BODY,
      `${BODY}.${SIGNATURE}.x`,
      `${BODY}.${SIGNATURE.slice(2)}`,
      `${BODY}=.${SIGNATURE}`,
      `a.${'0'.repeat(64)}`.padStart(5000, 'a'),
      signed([1, 2]),
      signed({ exp: 1795600600, iat: 1795600000 }),
      signed({ sub: '', exp: 1795600600, iat: 1795600000 }),
      signed({ sub: 42, exp: 1795600600, iat: 1795600000 }),
      signed({ sub: 'u', exp: '1795600600', iat: 1795600000 }),
      signed({ sub: 'u', exp: 1795600600.5, iat: 1795600000 }),
      signed({ sub: 'u', exp: 1795600600 }),
      signed({ sub: 'u', exp: 1795600600, iat: 1795600601 }),
      signed({ sub: 'u', exp: 1795600600, iat: 1795600000, email: 7 }),
    ]) {
      expect(verifyAssertion(SECRET, text, now)).toMatchObject({ ok: false });
    }
    const notJson = Buffer.from('not json').toString('base64url');
    expect(verifyAssertion(SECRET, `${notJson}.${signAssertion(SECRET, {}).split('.')[1]}`, now).ok).toBe(false);
  });
});
