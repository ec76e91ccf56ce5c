import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: codes are read off screens and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 31^10 ≈ 8e14 codes: guessing one of a 10,000 batch takes ~8e10 tries, far beyond any rate limit. */
const RANDOM_LENGTH = 10;

/** `count` distinct codes `<PREFIX><10 random characters>`, from a cryptographic random source. */
export function generateCouponCodes(prefix: string, count: number, random: (max: number) => number = randomInt): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let code = prefix.toUpperCase();
    for (let i = 0; i < RANDOM_LENGTH; i += 1) code += ALPHABET[random(ALPHABET.length)];
    codes.add(code);
  }
  return [...codes];
}

/** Codes are case-insensitive: stored and compared upper-case, spaces around ignored. */
export const normaliseCouponCode = (code: string) => code.trim().toUpperCase();
