import { Injectable, Logger } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { openAead, sealAead } from './aead';
import { masterKeysOrDevelopment } from './master-keys';

/**
 * Where a sealed secret belongs. `purpose` names the kind of secret (`webhooks/endpoint-secret`):
 * it is the HKDF `info`, so every kind of secret has its own key. `owner` names the row the secret
 * belongs to (an endpoint id): it is bound in as additional data, so a sealed value copied onto
 * another row, or read as another kind of secret, does not open.
 */
export interface SecretContext {
  purpose: string;
  owner: string;
}

/** What is stored: the id of the master key it was sealed under, and the sealed bytes. */
export interface SealedSecret {
  keyId: string;
  sealed: Buffer;
}

const PURPOSE = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9/-]*$/;

/**
 * Seals small secrets (webhook signing secrets, API credentials) with AES-256-GCM for storage in a
 * module's own tables, the way payments seals channel credentials (credentials-cipher.ts), so a
 * module needs no secret of its own configuration:
 *
 * - the key is derived by HKDF-SHA256 from the active `CARD_KEY_MASTER_KEYS` entry, with the
 *   purpose as `info` (the vault's master key itself never encrypts anything but data keys);
 * - the purpose and owner are the additional data, so a sealed value only opens where it was sealed;
 * - the master key's id is stored beside the ciphertext, so after a master-key rotation older
 *   values still open (while the old key stays listed) and sealing again uses the new key
 *   (`needsReseal` tells which).
 *
 * Layout of `sealed`: platform/crypto/aead.ts.
 * Production refuses to start without CARD_KEY_MASTER_KEYS; development falls back to the public
 * development key with a warning.
 */
@Injectable()
export class SecretBox {
  private readonly masters = new Map<string, Buffer>();
  private readonly derived = new Map<string, Buffer>();
  readonly activeKeyId: string;

  constructor(config: AppConfig) {
    const masters = masterKeysOrDevelopment(
      { nodeEnv: config.NODE_ENV, masterKeys: config.CARD_KEY_MASTER_KEYS },
      'stored secrets are never kept unencrypted',
      () => new Logger('SecretBox').warn('stored secrets are sealed with the public DEVELOPMENT key; set CARD_KEY_MASTER_KEYS'),
    );
    for (const { id, key } of masters) this.masters.set(id, key);
    this.activeKeyId = masters[0].id;
  }

  seal(context: SecretContext, secret: string): SealedSecret {
    const sealed = sealAead(this.key(this.activeKeyId, context.purpose), Buffer.from(secret, 'utf8'), aad(context));
    return { keyId: this.activeKeyId, sealed };
  }

  /** Throws when the value was tampered with, belongs to another owner or purpose, or its master key is gone. */
  open(context: SecretContext, { keyId, sealed }: SealedSecret): string {
    return openAead(this.key(keyId, context.purpose), sealed, aad(context), 'not a sealed secret').toString('utf8');
  }

  /** True when the value was sealed under an older master key: seal it again after a rotation. */
  needsReseal(sealed: SealedSecret): boolean {
    return sealed.keyId !== this.activeKeyId;
  }

  private key(keyId: string, purpose: string): Buffer {
    if (!PURPOSE.test(purpose)) throw new Error(`secret purpose "${purpose}" must read <module>/<what>`);
    const cacheKey = `${keyId}\u0000${purpose}`;
    let key = this.derived.get(cacheKey);
    if (!key) {
      const master = this.masters.get(keyId);
      if (!master) throw new Error(`master key "${keyId}" is not configured; add it back to CARD_KEY_MASTER_KEYS`);
      key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), purpose, 32));
      this.derived.set(cacheKey, key);
    }
    return key;
  }
}

// NUL-separated: a purpose holds no NUL and the owner comes last, so no two pairs give the same bytes.
const aad = ({ purpose, owner }: SecretContext) => Buffer.from(`secret-box/v1\u0000${purpose}\u0000${owner}`, 'utf8');
