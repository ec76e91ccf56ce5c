import { createHmac, randomBytes } from 'node:crypto';
import { openAead, sealAead } from '../../../platform/crypto/aead';

/**
 * Envelope encryption for card keys. Each import batch has its own random 256-bit data key,
 * stored only wrapped (AES-256-GCM) by a master key; each card key is sealed with AES-256-GCM
 * under its batch's data key with a fresh 96-bit nonce (layout in platform/crypto/aead.ts). The
 * additional authenticated data binds a ciphertext to its row, so a ciphertext copied onto another
 * row does not open.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  return sealAead(key, plaintext, Buffer.from(aad, 'utf8'));
}

export function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  return openAead(key, sealed, Buffer.from(aad, 'utf8'), 'not a sealed card-key value');
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
