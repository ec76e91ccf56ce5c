import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for card keys. Each import batch has its own random 256-bit data key,
 * stored only wrapped (AES-256-GCM) by a master key; each card key is sealed with AES-256-GCM
 * under its batch's data key with a fresh 96-bit nonce. The additional authenticated data binds a
 * ciphertext to its row, so a ciphertext copied onto another row does not open.
 *
 * Sealed layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
 */
const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) throw new Error('not a sealed card-key value');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG));
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()]);
}

export const newDataKey = (): Buffer => randomBytes(32);

/** What a data key is bound to when wrapped: its batch. */
export const dataKeyAad = (batchId: string) => `card-keys/batch/${batchId}`;

/** What a card key is bound to when sealed: its own row and goods item. */
export const cardKeyAad = (keyId: string, goodsId: string) => `card-keys/key/${keyId}/goods/${goodsId}`;

/** Blind index: finds the same key again within a goods item without storing or decrypting it. */
export function blindIndex(indexKey: Buffer, goodsId: string, secret: string): Buffer {
  return createHmac('sha256', indexKey).update(goodsId).update('\u0000').update(secret, 'utf8').digest();
}
