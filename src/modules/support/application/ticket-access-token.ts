import { createHash, randomBytes } from 'node:crypto';

/**
 * A guest's key to one ticket: 256 random bits, shown once when the ticket is opened, kept only as
 * its SHA-256 (a token this long needs no slow hash: it cannot be guessed, only stolen).
 */
export function newTicketAccessToken(): { token: string; hash: string } {
  const token = `tkt_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashTicketAccessToken(token) };
}

export function hashTicketAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
