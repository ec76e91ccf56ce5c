import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: easy to read out over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A buyer-facing order number: the UTC date and 8 random characters, e.g. `20261124-8K3F9Q2M`. */
export function newOrderNumber(at: Date): string {
  const date = at.toISOString().slice(0, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 8; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${date}-${suffix}`;
}

export const ORDER_NUMBER_PATTERN = /^\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;
