import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../../platform/config/app-config';
import { CredentialsCipher } from './credentials-cipher';

const key = () => randomBytes(32).toString('base64');
const cipherWith = (CARD_KEY_MASTER_KEYS: string | undefined, NODE_ENV: AppConfig['NODE_ENV'] = 'test') =>
  new CredentialsCipher({ CARD_KEY_MASTER_KEYS, NODE_ENV } as AppConfig);

describe('channel credentials cipher', () => {
  const old = `k1:${key()}`;

  it('seals and opens, never showing the plain text, bound to the channel code', () => {
    const cipher = cipherWith(old);
    const sealed = cipher.seal('sandbox', { secret: 'very-secret-value-123' });
    expect(sealed.keyId).toBe('k1');
    expect(sealed.sealed.includes(Buffer.from('very-secret-value-123'))).toBe(false);
    expect(cipher.open('sandbox', sealed)).toEqual({ secret: 'very-secret-value-123' });
    expect(() => cipher.open('other', sealed)).toThrow();
    const flipped = Buffer.from(sealed.sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => cipher.open('sandbox', { ...sealed, sealed: flipped })).toThrow();
  });

  it('opens what an older master key sealed after a rotation, and seals new values under the new one', () => {
    const sealed = cipherWith(old).seal('sandbox', { secret: 's' });
    const rotated = cipherWith(`k2:${key()},${old}`);
    expect(rotated.open('sandbox', sealed)).toEqual({ secret: 's' });
    expect(rotated.seal('sandbox', { secret: 's' }).keyId).toBe('k2');
    expect(() => cipherWith(`k2:${key()}`).open('sandbox', sealed)).toThrow(/k1/);
  });

  it('refuses to start in production without master keys; development falls back to the public key', () => {
    expect(() => cipherWith(undefined, 'production')).toThrow(/CARD_KEY_MASTER_KEYS is required in production/);
    const dev = cipherWith(undefined, 'development');
    expect(dev.seal('sandbox', { secret: 's' }).keyId).toBe('dev');
  });
});
