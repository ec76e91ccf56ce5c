import { developmentKey, MasterKey, parseMasterKeys } from '../../../platform/crypto/master-keys';

export type { MasterKey };

/**
 * The master keys from configuration: the first is active (wraps new data keys); the others only
 * unwrap data keys until a rotation has re-wrapped them.
 */
export class KeyRing {
  private readonly byId: Map<string, Buffer>;

  constructor(
    readonly active: MasterKey,
    older: MasterKey[],
    readonly indexKey: Buffer,
  ) {
    this.byId = new Map([active, ...older].map((k) => [k.id, k.key]));
    if (this.byId.size !== older.length + 1) throw new Error('CARD_KEY_MASTER_KEYS lists a key id twice');
  }

  masterKey(id: string): Buffer {
    const key = this.byId.get(id);
    if (!key) throw new Error(`master key "${id}" is not configured; add it back to CARD_KEY_MASTER_KEYS`);
    return key;
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

export function keyRingFromConfig(input: {
  nodeEnv: string;
  masterKeys?: string;
  indexKey?: string;
  warn: (message: string) => void;
}): KeyRing {
  if (!input.masterKeys || !input.indexKey) {
    if (input.nodeEnv === 'production') {
      throw new Error(
        'CARD_KEY_MASTER_KEYS and CARD_KEY_INDEX_KEY are required in production: card keys are never ' +
          'stored unencrypted. Generate each with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
      );
    }
    input.warn('card-key vault is using the public DEVELOPMENT keys; set CARD_KEY_MASTER_KEYS and CARD_KEY_INDEX_KEY');
  }
  const masters = input.masterKeys ? parseMasterKeys(input.masterKeys) : [{ id: 'dev', key: developmentKey('master') }];
  const indexKey = input.indexKey ? Buffer.from(input.indexKey, 'base64') : developmentKey('index');
  return new KeyRing(masters[0], masters.slice(1), indexKey);
}
