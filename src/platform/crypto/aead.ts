import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The one AES-256-GCM layout every stored secret uses (card keys, their data keys, payment channel
 * credentials, webhook secrets): version (1 byte) | nonce (12) | tag (16) | ciphertext, with a fresh
 * random nonce each time and the caller's additional data binding the value to where it belongs.
 */
const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export function sealAead(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

/**
 * Throws when the value is not in this layout (`notSealed` says what was expected), was tampered
 * with, or was sealed under another key or additional data.
 */
export function openAead(key: Buffer, sealed: Buffer, aad: Buffer, notSealed = 'not a sealed value'): Buffer {
  if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) throw new Error(notSealed);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG));
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()]);
}
