import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The epay (彩虹易支付 v1) MD5 signature, the same for what we send and what the aggregator sends:
 * every parameter except `sign`, `sign_type` and empty ones, sorted by name (byte order), joined
 * as `k=v&k2=v2` with the values as they are (not URL-encoded), the merchant key appended with no
 * separator, MD5, lowercase hex. It travels beside `sign_type=MD5`.
 */
export const EPAY_SIGN_TYPE = 'MD5';

const UNSIGNED = new Set(['sign', 'sign_type']);
const MD5_HEX = /^[0-9a-f]{32}$/;

/** The text that is hashed, without the key. */
export function epaySigningString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => !UNSIGNED.has(name) && params[name] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

function md5Hex(params: Record<string, string>, key: string): string {
  return createHash('md5').update(epaySigningString(params) + key, 'utf8').digest('hex');
}

/** The signature of these parameters under the merchant key. An empty key signs nothing. */
export function signEpay(params: Record<string, string>, key: string): string {
  if (key === '') throw new Error('epay: refusing to sign with an empty merchant key');
  return md5Hex(params, key);
}

/** The parameters with their `sign` and `sign_type` added, ready to send. */
export function withEpaySignature(params: Record<string, string>, key: string): Record<string, string> {
  return { ...params, sign: signEpay(params, key), sign_type: EPAY_SIGN_TYPE };
}

/**
 * Whether `params.sign` is the signature of the other parameters under the key (lowercase hex, as
 * the protocol writes it), compared in constant time. An empty key never matches: anyone could
 * compute a signature "under" it.
 */
export function epaySignatureMatches(params: Record<string, string>, key: string): boolean {
  const given = params.sign ?? '';
  if (key === '' || !MD5_HEX.test(given)) return false;
  return timingSafeEqual(Buffer.from(md5Hex(params, key), 'hex'), Buffer.from(given, 'hex'));
}
