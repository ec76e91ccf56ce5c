import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Members' access tokens: compact JWTs (RFC 7519) signed with HMAC-SHA256 (`alg: HS256`). They live
 * in the platform so every module can tell who a signed-in member is without calling membership:
 * membership issues them (and the refresh tokens that renew them), anyone verifies them. Short-lived
 * by design: signing out revokes the refresh token, and the access token dies within minutes.
 */

export interface MemberClaims {
  /** The member id. */
  sub: string;
  /** Issued at / expires, seconds since the epoch. */
  iat: number;
  exp: number;
  typ: 'member-access';
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signMemberToken(secret: string, memberId: string, now: Date, ttlSeconds: number): string {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: MemberClaims = { sub: memberId, iat, exp: iat + ttlSeconds, typ: 'member-access' };
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${hmac(secret, body).toString('base64url')}`;
}

export type MemberTokenCheck = { ok: true; claims: MemberClaims } | { ok: false; reason: string };

/** Checks the signature (constant time), the algorithm, the type and the expiry. Never throws. */
export function verifyMemberToken(secret: string, token: string, now: Date): MemberTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts;
  // The header must be exactly ours: no "alg: none", no other algorithm a confused verifier might accept.
  if (header !== HEADER) return { ok: false, reason: 'unexpected header' };
  const expected = hmac(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  let claims: Partial<MemberClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<MemberClaims>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.typ !== 'member-access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
    return { ok: false, reason: 'not a member access token' };
  }
  if (claims.exp <= Math.floor(now.getTime() / 1000)) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims as MemberClaims };
}

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
