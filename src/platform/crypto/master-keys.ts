import { createHash } from 'node:crypto';

export interface MasterKey {
  id: string;
  key: Buffer;
}

/** Fixed, public development keys (`card-shop development <label>`): fine for trying the shop out, refused in production. */
export const developmentKey = (label: string): Buffer => createHash('sha256').update(`card-shop development ${label}`).digest();

/** CARD_KEY_MASTER_KEYS (`id:base64,id:base64`, validated by AppConfig) as keys, the active one first. */
export function parseMasterKeys(setting: string | undefined): MasterKey[] {
  if (!setting) return [];
  return setting.split(',').map((entry) => {
    const [id, b64] = entry.split(':');
    return { id, key: Buffer.from(b64, 'base64') };
  });
}

/**
 * The master keys, or outside production the public development master key with a warning. In
 * production a missing setting stops the start: `refusal` says what would otherwise be stored in
 * the clear.
 */
export function masterKeysOrDevelopment(
  input: { nodeEnv: string; masterKeys?: string },
  refusal: string,
  warn: () => void,
): MasterKey[] {
  const masters = parseMasterKeys(input.masterKeys);
  if (masters.length > 0) return masters;
  if (input.nodeEnv === 'production') throw new Error(`CARD_KEY_MASTER_KEYS is required in production: ${refusal}`);
  warn();
  return [{ id: 'dev', key: developmentKey('master') }];
}
