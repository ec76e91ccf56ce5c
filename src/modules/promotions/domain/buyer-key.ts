import { createHash } from 'node:crypto';

/**
 * Who a per-buyer limit counts: the member when signed in, otherwise the contact (email or phone,
 * case and spaces ignored). The contact is kept only as a hash: promotions needs to compare
 * buyers, not to know them.
 */
export function buyerKeyOf(memberId: string | undefined, contact: string | undefined): string | null {
  if (memberId) return `member:${memberId}`;
  const normalised = contact?.trim().toLowerCase().replace(/\s+/g, '');
  if (!normalised) return null;
  return `contact:${createHash('sha256').update(normalised).digest('hex')}`;
}
