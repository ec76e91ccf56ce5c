import { Injectable, Logger } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import { openAead, sealAead } from '../../../platform/crypto/aead';
import { masterKeysOrDevelopment } from '../../../platform/crypto/master-keys';

export interface SealedCredentials {
  keyId: string;
  sealed: Buffer;
}

const INFO = 'payments/credentials';

/**
 * Seals channel credentials with AES-256-GCM under a key derived (HKDF-SHA256, info
 * "payments/credentials") from the active CARD_KEY_MASTER_KEYS entry, so payments needs no secret
 * of its own and the vault's key never encrypts anything but data keys directly. The channel code
 * is bound in as additional data: sealed credentials copied onto another channel do not open.
 * Older master keys still open what they sealed (the key id is stored beside the ciphertext);
 * saving a channel's credentials again re-seals them under the active key.
 *
 * Layout: platform/crypto/aead.ts. (Older than the platform SecretBox, whose additional data is
 * laid out differently; kept so credentials sealed before it still open.)
 */
@Injectable()
export class CredentialsCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly activeId: string;

  constructor(config: AppConfig) {
    const masters = masterKeysOrDevelopment(
      { nodeEnv: config.NODE_ENV, masterKeys: config.CARD_KEY_MASTER_KEYS },
      'payment channel credentials are never stored unencrypted',
      () => new Logger('PaymentCredentials').warn('payment credentials are sealed with the public DEVELOPMENT key; set CARD_KEY_MASTER_KEYS'),
    );
    for (const { id, key } of masters) this.keys.set(id, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), INFO, 32)));
    this.activeId = masters[0].id;
  }

  seal(channelCode: string, credentials: Record<string, string>): SealedCredentials {
    const sealed = sealAead(this.key(this.activeId), Buffer.from(JSON.stringify(credentials), 'utf8'), aad(channelCode));
    return { keyId: this.activeId, sealed };
  }

  open(channelCode: string, { keyId, sealed }: SealedCredentials): Record<string, string> {
    const plain = openAead(this.key(keyId), sealed, aad(channelCode), 'not sealed channel credentials');
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`master key "${id}" is not configured; add it back to CARD_KEY_MASTER_KEYS`);
    return key;
  }
}

const aad = (channelCode: string) => Buffer.from(`payments/channel/${channelCode}/credentials`, 'utf8');
