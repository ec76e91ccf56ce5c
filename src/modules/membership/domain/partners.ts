import { createHash } from 'node:crypto';

/**
 * The partner communities allowed to sign their users in, from the setting MEMBER_PARTNERS:
 * `code:secret[,code:secret...]` (AppConfig checks the shape; secrets are 32+ characters and are
 * never logged). Pure.
 */
export const PARTNER_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function parsePartners(setting: string | undefined): Map<string, string> {
  const partners = new Map<string, string>();
  for (const entry of (setting ?? '').split(',').filter((e) => e.trim() !== '')) {
    const colon = entry.indexOf(':');
    const code = entry.slice(0, colon).trim();
    const secret = entry.slice(colon + 1).trim();
    // The messages name the partner, never the secret.
    if (colon < 0 || !PARTNER_CODE.test(code)) throw new Error('MEMBER_PARTNERS: each entry must read code:secret with a lower-case code');
    if (secret.length < 32) throw new Error(`MEMBER_PARTNERS: the secret of partner "${code}" must be at least 32 characters`);
    if (partners.has(code)) throw new Error(`MEMBER_PARTNERS: partner "${code}" is listed twice`);
    partners.set(code, secret);
  }
  return partners;
}

/**
 * The address of a member a partner created without a usable e-mail. `.invalid` is reserved
 * (RFC 2606): no mail is ever sent there by accident. A subject that is not already a safe local
 * part is replaced by its hash, so any partner user id gives a valid, unique address.
 */
export function placeholderEmail(partner: string, subject: string): string {
  const local = /^[a-z0-9._-]{1,40}$/.test(subject) ? subject : `h${createHash('sha256').update(subject, 'utf8').digest('hex').slice(0, 32)}`;
  return `${partner}-${local}@partner.invalid`;
}
