import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { blindIndex, cardKeyAad, dataKeyAad, newDataKey, open, seal } from './envelope';
import { KeyRing, keyRingFromConfig } from './key-ring';

export interface WrappedDataKey {
  masterKeyId: string;
  wrapped: Buffer;
}

const CACHE_LIMIT = 1000;

/**
 * The vault's cryptography with its keys: wraps batch data keys under the active master key,
 * seals and opens card keys, computes blind indexes. Unwrapped data keys are cached in memory
 * (bounded) so delivering many keys of one batch unwraps once.
 */
@Injectable()
export class CardKeyCipher {
  readonly ring: KeyRing;
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(config: AppConfig) {
    const logger = new Logger('CardKeyVault');
    this.ring = keyRingFromConfig({
      nodeEnv: config.NODE_ENV,
      masterKeys: config.CARD_KEY_MASTER_KEYS,
      indexKey: config.CARD_KEY_INDEX_KEY,
      warn: (message) => logger.warn(message),
    });
  }

  newBatchKey(batchId: string): { dataKey: Buffer } & WrappedDataKey {
    const dataKey = newDataKey();
    const { id, key } = this.ring.active;
    this.remember(batchId, dataKey);
    return { dataKey, masterKeyId: id, wrapped: seal(key, dataKey, dataKeyAad(batchId)) };
  }

  dataKey(batchId: string, wrapped: WrappedDataKey): Buffer {
    const cached = this.dataKeys.get(batchId);
    if (cached) return cached;
    const dataKey = open(this.ring.masterKey(wrapped.masterKeyId), wrapped.wrapped, dataKeyAad(batchId));
    this.remember(batchId, dataKey);
    return dataKey;
  }

  /** Re-wraps a data key under the active master key (rotation). */
  rewrap(batchId: string, wrapped: WrappedDataKey): WrappedDataKey {
    const dataKey = open(this.ring.masterKey(wrapped.masterKeyId), wrapped.wrapped, dataKeyAad(batchId));
    const { id, key } = this.ring.active;
    return { masterKeyId: id, wrapped: seal(key, dataKey, dataKeyAad(batchId)) };
  }

  sealSecret(dataKey: Buffer, keyId: string, goodsId: string, secret: string): Buffer {
    return seal(dataKey, Buffer.from(secret, 'utf8'), cardKeyAad(keyId, goodsId));
  }

  openSecret(dataKey: Buffer, keyId: string, goodsId: string, sealed: Buffer): string {
    return open(dataKey, sealed, cardKeyAad(keyId, goodsId)).toString('utf8');
  }

  /** Upload chunks are sealed with the batch key too, bound to their place in the batch. */
  sealChunk(dataKey: Buffer, batchId: string, seq: number, lines: string): Buffer {
    return seal(dataKey, Buffer.from(lines, 'utf8'), `card-keys/chunk/${batchId}/${seq}`);
  }

  openChunk(dataKey: Buffer, batchId: string, seq: number, sealed: Buffer): string {
    return open(dataKey, sealed, `card-keys/chunk/${batchId}/${seq}`).toString('utf8');
  }

  blindIndex(goodsId: string, secret: string): Buffer {
    return blindIndex(this.ring.indexKey, goodsId, secret);
  }

  private remember(batchId: string, dataKey: Buffer): void {
    if (this.dataKeys.size >= CACHE_LIMIT) {
      const oldest = this.dataKeys.keys().next().value;
      if (oldest !== undefined) this.dataKeys.delete(oldest);
    }
    this.dataKeys.set(batchId, dataKey);
  }
}
