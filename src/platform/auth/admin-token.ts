import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'csa_';

/**
 * Admin bearer tokens are 256 random bits; only their SHA-256 is stored. A fast hash is right here
 * (unlike for passwords): the input has full entropy, so there is nothing to brute-force.
 */
export function newAdminToken(): { token: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashAdminToken(token) };
}

export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeAdminToken(token: string): boolean {
  return token.startsWith(PREFIX) && token.length === PREFIX.length + 43;
}
