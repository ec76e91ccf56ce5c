import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Members' passwords, hashed with scrypt (RFC 7914) as `scrypt$N$r$p$salt$hash` (salt and hash in
 * base64). The parameters travel with each hash, so raising them later leaves old hashes valid.
 *
 * N = 2^14, r = 8, p = 1: 16 MiB and ~30 ms per hash on the 2-core reference VPS (measured). OWASP's
 * current advice is N = 2^17 (128 MiB, ~250 ms): on a small shop's VPS a handful of parallel sign-ins
 * would then exhaust memory and the libuv pool, which is a denial of service of its own. Guessing is
 * instead slowed where it happens, online: failures are counted per e-mail and per client and
 * answered with 429 (see SignInAttempts).
 */
export const PASSWORD_PARAMS = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Refuses parameters that would make one verification allocate more than this (a corrupted row must not exhaust memory).
const MAX_MEMORY = 64 * 1024 * 1024;

const scryptAsync = (password: string, salt: Buffer, keyLength: number, options: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
  );

/**
 * A password as typed on any device: Unicode compatibility form (NFKC), as NIST SP 800-63B asks, so
 * the same characters entered through different keyboards give the same hash.
 */
function canonical(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const { N, r, p } = PASSWORD_PARAMS;
  const hash = await scryptAsync(canonical(password), salt, KEY_LENGTH, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time check of a password against a stored hash; false (never an exception) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || 128 * N * r > MAX_MEMORY) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await scryptAsync(canonical(password), salt, expected.length, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * Checked against when there is no real hash (unknown e-mail, a member who signs in only through a
 * partner), so that answer costs the same time as a wrong password. Same parameters as real hashes;
 * no password matches it (its "hash" is zeros).
 */
export const DECOY_PASSWORD_HASH = `scrypt$${PASSWORD_PARAMS.N}$${PASSWORD_PARAMS.r}$${PASSWORD_PARAMS.p}$${Buffer.alloc(SALT_LENGTH, 7).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
