import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A partner community vouches for one of its users with a signed assertion:
 *
 *   <base64url(JSON payload)>.<hex HMAC-SHA256(partner secret, the base64url text)>
 *
 * payload `{ sub, email?, displayName?, exp, iat }`, times in unix seconds. It is a bearer credential
 * for a short time only: it must expire, and no later than 10 minutes after now (a partner cannot
 * mint long-lived logins). Pure: the secret and the time come from the caller.
 */
export const MAX_ASSERTION_LIFETIME_SECONDS = 10 * 60;
/** How far a partner's clock may run ahead of ours when it stamps `iat`. */
export const CLOCK_SKEW_SECONDS = 60;
const MAX_ASSERTION_LENGTH = 4096;

export interface PartnerAssertion {
  /** The partner's id of its user; with the partner code, the key of the link. */
  sub: string;
  email: string | null;
  displayName: string | null;
  exp: number;
  iat: number;
}

export type AssertionRefusal = 'malformed' | 'bad_signature' | 'expired' | 'expires_too_late' | 'issued_in_future';
export type AssertionCheck = { ok: true; assertion: PartnerAssertion } | { ok: false; reason: AssertionRefusal };

const SHAPE = /^([A-Za-z0-9_-]+)\.([0-9a-fA-F]{64})$/;

export function signAssertion(secret: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body, 'ascii').digest('hex')}`;
}

/** Checks the shape, the signature (constant time, before anything in the payload is trusted), then the claims. Never throws. */
export function verifyAssertion(secret: string, text: string, now: Date): AssertionCheck {
  const match = text.length <= MAX_ASSERTION_LENGTH ? SHAPE.exec(text) : null;
  if (!match) return { ok: false, reason: 'malformed' };
  const [, body, signatureHex] = match;
  const expected = createHmac('sha256', secret).update(body, 'ascii').digest();
  const given = Buffer.from(signatureHex, 'hex');
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };

  const payload = parseJson(Buffer.from(body, 'base64url').toString('utf8'));
  if (!payload) return { ok: false, reason: 'malformed' };
  const { sub, email, displayName, exp, iat } = payload;
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > 200) return { ok: false, reason: 'malformed' };
  if (!isSeconds(exp) || !isSeconds(iat) || iat > exp) return { ok: false, reason: 'malformed' };
  if (!optionalString(email) || !optionalString(displayName)) return { ok: false, reason: 'malformed' };

  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (exp <= nowSeconds) return { ok: false, reason: 'expired' };
  if (exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS) return { ok: false, reason: 'expires_too_late' };
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'issued_in_future' };
  return { ok: true, assertion: { sub, email: email ?? null, displayName: displayName ?? null, exp, iat } };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function optionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}
