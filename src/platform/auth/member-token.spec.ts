import { createHmac } from 'node:crypto';
import { signMemberToken, verifyMemberToken } from './member-token';

const secret = 'a-test-secret-of-at-least-32-characters!';
const now = new Date('2026-11-24T12:00:00Z');

describe('member access tokens', () => {
  it('signs a standard HS256 JWT that an independent HMAC check accepts', () => {
    const token = signMemberToken(secret, 'member-1', now, 900);
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ sub: 'member-1', iat: 1795521600, exp: 1795522500, typ: 'member-access' });
    expect(signature).toBe(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
    expect(verifyMemberToken(secret, token, now)).toEqual({ ok: true, claims: expect.objectContaining({ sub: 'member-1' }) });
  });

  it('refuses expired, forged, re-signed-with-none and tampered tokens', () => {
    const token = signMemberToken(secret, 'member-1', now, 900);
    expect(verifyMemberToken(secret, token, new Date(now.getTime() + 900_000))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyMemberToken('another-secret-of-at-least-32-chars!!', token, now)).toEqual({ ok: false, reason: 'bad signature' });
    const [, payload] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(verifyMemberToken(secret, none, now)).toEqual({ ok: false, reason: 'unexpected header' });
    const otherSub = Buffer.from(JSON.stringify({ sub: 'member-2', iat: 1795521600, exp: 1795522500, typ: 'member-access' })).toString('base64url');
    const [header, , signature] = token.split('.');
    expect(verifyMemberToken(secret, `${header}.${otherSub}.${signature}`, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyMemberToken(secret, 'not-a-token', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
