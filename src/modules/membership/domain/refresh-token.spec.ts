import { createHash } from 'node:crypto';
import { judgeRefreshToken, newRefreshToken, REFRESH_TOKEN_SHAPE, refreshTokenDigest, refreshTokenExpiry } from './refresh-token';

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, different each time', () => {
    const a = newRefreshToken();
    expect(a).toMatch(REFRESH_TOKEN_SHAPE);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(a);
  });

  it('are stored as their SHA-256', () => {
    // echo -n abc | sha256sum
    expect(refreshTokenDigest('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(refreshTokenDigest('abc')).toEqual(createHash('sha256').update('abc').digest());
  });

  it('last 30 days', () => {
    expect(refreshTokenExpiry(new Date('2026-11-24T12:00:00Z')).toISOString()).toBe('2026-12-24T12:00:00.000Z');
  });

  it('are judged: revoked beats reused beats expired', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const later = new Date('2026-12-01T00:00:00Z');
    const earlier = new Date('2026-11-01T00:00:00Z');
    expect(judgeRefreshToken({ usedAt: null, revokedAt: null, expiresAt: later }, now)).toBe('rotate');
    expect(judgeRefreshToken({ usedAt: earlier, revokedAt: null, expiresAt: later }, now)).toBe('reused');
    expect(judgeRefreshToken({ usedAt: earlier, revokedAt: earlier, expiresAt: later }, now)).toBe('revoked');
    expect(judgeRefreshToken({ usedAt: null, revokedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(judgeRefreshToken({ usedAt: earlier, revokedAt: null, expiresAt: earlier }, now)).toBe('reused');
  });
});
