import { createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * Alipay's OpenAPI v2 signature rules, written from Alipay's documentation with node:crypto alone,
 * independent of alipay-sdk and of the shop's code, so the fake Alipay checks them for real:
 * - requests: every parameter but `sign` (and empty ones), sorted by name, `k=v` joined by `&`;
 * - notifications: the same without `sign_type` either;
 * - answers: the exact JSON text of the `<method>_response` node;
 * each signed SHA256withRSA ("RSA2"), base64.
 */
export function alipaySignContent(params: Record<string, string>, leaveOut: readonly string[] = []): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && !leaveOut.includes(key) && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function rsa2Sign(content: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyObject): boolean {
  return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
}

/** JSON the way Alipay's gateway writes it: slashes escaped ("https:\/\/qr.alipay.com\/..."). */
export const alipayJson = (value: unknown) => JSON.stringify(value).replace(/\//g, '\\/');

/** "yyyy-MM-dd HH:mm:ss" in Beijing time, as Alipay writes times. */
export const beijingTime = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
