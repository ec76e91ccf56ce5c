import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: 32 random bytes in base64url, shown to the member once and stored only
 * as their SHA-256 (a leaked table opens no session; no salt is needed for 256 random bits). Each
 * one is single use: refreshing spends it and hands out its successor in the same family.
 */
export const REFRESH_TOKEN_DAYS = 30;
export const REFRESH_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function refreshTokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function refreshTokenExpiry(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + REFRESH_TOKEN_DAYS * 24 * 60 * 60 * 1000);
}

export interface RefreshTokenState {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/**
 * What presenting a refresh token leads to:
 * - `rotate`: valid; it is spent and a successor issued.
 * - `reused`: it was spent already. Only one party should ever hold a token, so two presentations
 *   mean it was copied (stolen, or a client replaying it): the whole family is revoked and both
 *   the thief and the member must sign in again (OAuth 2.0 Security BCP, "refresh token rotation").
 * - `revoked`: signed out, password changed, or its family was revoked.
 * - `expired`.
 * A revoked token beats the others: a family that was revoked stays revoked whatever else is true.
 */
export type RefreshVerdict = 'rotate' | 'reused' | 'revoked' | 'expired';

export function judgeRefreshToken(token: RefreshTokenState, now: Date): RefreshVerdict {
  if (token.revokedAt) return 'revoked';
  if (token.usedAt) return 'reused';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'rotate';
}
