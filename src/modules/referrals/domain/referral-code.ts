import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: codes are read off screens and posters and typed by hand. */
export const REFERRAL_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERRAL_CODE_LENGTH = 8;
/** 31^8 ≈ 8.5e11 codes: a collision at creation is retried, and guessing a live code is hopeless. */
const SHAPE = /^[A-HJKMNP-Z2-9]{8}$/;

/** A fresh random code from a cryptographic source. */
export function newReferralCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i += 1) code += REFERRAL_CODE_ALPHABET[random(REFERRAL_CODE_ALPHABET.length)];
  return code;
}

/**
 * Codes are case-insensitive: compared upper-case, spaces and dashes ignored (people copy "ab3k-7qpx").
 * Returns null for anything that cannot be a code, so a lookup is never wasted on it.
 */
export function normaliseReferralCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return SHAPE.test(code) ? code : null;
}
