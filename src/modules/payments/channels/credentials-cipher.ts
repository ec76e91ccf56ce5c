import { Injectable, Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';

export interface SealedCredentials {
  keyId: string;
  sealed: Buffer;
}

const VERSION = 1;
const NONCE = 12;
const TAG = 16;
const INFO = 'payments/credentials';

/** The same public development master key as the card-key vault's fallback: refused in production. */
const DEV_MASTER = { id: 'dev', key: createHash('sha256').update('card-shop development master').digest() };

/**
 * Seals channel credentials with AES-256-GCM under a key derived (HKDF-SHA256, info
 * "payments/credentials") from the active CARD_KEY_MASTER_KEYS entry, so payments needs no secret
 * of its own and the vault's key never encrypts anything but data keys directly. The channel code
 * is bound in as additional data: sealed credentials copied onto another channel do not open.
 * Older master keys still open what they sealed (the key id is stored beside the ciphertext);
 * saving a channel's credentials again re-seals them under the active key.
 *
 * Layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
 */
@Injectable()
export class CredentialsCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly activeId: string;

  constructor(config: AppConfig) {
    const masters = parseMasterKeys(config.CARD_KEY_MASTER_KEYS);
    if (masters.length === 0) {
      if (config.NODE_ENV === 'production') {
        throw new Error(
          'CARD_KEY_MASTER_KEYS is required in production: payment channel credentials are never stored unencrypted',
        );
      }
      new Logger('PaymentCredentials').warn('payment credentials are sealed with the public DEVELOPMENT key; set CARD_KEY_MASTER_KEYS');
      masters.push(DEV_MASTER);
    }
    for (const { id, key } of masters) this.keys.set(id, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), INFO, 32)));
    this.activeId = masters[0].id;
  }

  seal(channelCode: string, credentials: Record<string, string>): SealedCredentials {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeId), nonce);
    cipher.setAAD(aad(channelCode));
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return { keyId: this.activeId, sealed: Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]) };
  }

  open(channelCode: string, { keyId, sealed }: SealedCredentials): Record<string, string> {
    if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) throw new Error('not sealed channel credentials');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), sealed.subarray(1, 1 + NONCE));
    decipher.setAAD(aad(channelCode));
    decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG));
    const plain = Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`master key "${id}" is not configured; add it back to CARD_KEY_MASTER_KEYS`);
    return key;
  }
}

const aad = (channelCode: string) => Buffer.from(`payments/channel/${channelCode}/credentials`, 'utf8');

function parseMasterKeys(setting: string | undefined): Array<{ id: string; key: Buffer }> {
  if (!setting) return [];
  return setting.split(',').map((entry) => {
    const [id, b64] = entry.split(':');
    return { id, key: Buffer.from(b64, 'base64') };
  });
}
