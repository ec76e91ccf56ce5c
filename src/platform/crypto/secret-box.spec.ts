import { createHash, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');
const boxWith = (CARD_KEY_MASTER_KEYS: string | undefined, NODE_ENV: AppConfig['NODE_ENV'] = 'test') =>
  new SecretBox({ CARD_KEY_MASTER_KEYS, NODE_ENV } as AppConfig);
const endpoint = (owner: string) => ({ purpose: 'webhooks/endpoint-secret', owner });

describe('SecretBox', () => {
  const k1 = key();
  const old = `k1:${k1}`;

  it('seals and opens, never holding the plain text, bound to its owner and purpose', () => {
    const box = boxWith(old);
    const sealed = box.seal(endpoint('e-1'), 'whsec_very-secret-value');
    expect(sealed.keyId).toBe('k1');
    expect(sealed.sealed.includes(Buffer.from('whsec_very-secret-value'))).toBe(false);
    expect(box.open(endpoint('e-1'), sealed)).toBe('whsec_very-secret-value');
    expect(() => box.open(endpoint('e-2'), sealed)).toThrow();
    expect(() => box.open({ purpose: 'dynamic-delivery/signing-secret', owner: 'e-1' }, sealed)).toThrow();
    const flipped = Buffer.from(sealed.sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => box.open(endpoint('e-1'), { ...sealed, sealed: flipped })).toThrow();
    expect(() => box.open(endpoint('e-1'), { ...sealed, sealed: Buffer.from([1, 2, 3]) })).toThrow(/not a sealed secret/);
  });

  it('uses a fresh nonce for every seal', () => {
    const box = boxWith(old);
    const a = box.seal(endpoint('e-1'), 'same');
    const b = box.seal(endpoint('e-1'), 'same');
    expect(a.sealed.equals(b.sealed)).toBe(false);
  });

  it('derives the key with HKDF-SHA256 (info = purpose) and binds purpose and owner as additional data', () => {
    // An independent opening with Node's primitives, following the documented layout.
    const sealed = boxWith(old).seal(endpoint('e-9'), 'plain');
    const derived = Buffer.from(hkdfSync('sha256', Buffer.from(k1, 'base64'), Buffer.alloc(0), 'webhooks/endpoint-secret', 32));
    const d = createDecipheriv('aes-256-gcm', derived, sealed.sealed.subarray(1, 13));
    d.setAAD(Buffer.from('secret-box/v1\u0000webhooks/endpoint-secret\u0000e-9'));
    d.setAuthTag(sealed.sealed.subarray(13, 29));
    expect(Buffer.concat([d.update(sealed.sealed.subarray(29)), d.final()]).toString()).toBe('plain');
    expect(sealed.sealed[0]).toBe(1);
  });

  it('opens what an older master key sealed after a rotation, seals new values under the new one and says what to re-seal', () => {
    const sealed = boxWith(old).seal(endpoint('e-1'), 's');
    const rotated = boxWith(`k2:${key()},${old}`);
    expect(rotated.open(endpoint('e-1'), sealed)).toBe('s');
    expect(rotated.needsReseal(sealed)).toBe(true);
    const again = rotated.seal(endpoint('e-1'), 's');
    expect(again.keyId).toBe('k2');
    expect(rotated.needsReseal(again)).toBe(false);
    expect(() => boxWith(`k2:${key()}`).open(endpoint('e-1'), sealed)).toThrow(/k1/);
  });

  it('refuses a purpose that does not read <module>/<what>', () => {
    expect(() => boxWith(old).seal({ purpose: 'secret', owner: 'x' }, 's')).toThrow(/purpose/);
  });

  it('refuses to start in production without master keys; development falls back to the public key', () => {
    expect(() => boxWith(undefined, 'production')).toThrow(/CARD_KEY_MASTER_KEYS is required in production/);
    const dev = boxWith(undefined, 'development');
    const sealed = dev.seal(endpoint('e-1'), 's');
    expect(sealed.keyId).toBe('dev');
    // The public development key is the one payments and the vault fall back to.
    const devMaster = createHash('sha256').update('card-shop development master').digest().toString('base64');
    expect(boxWith(`dev:${devMaster}`).open(endpoint('e-1'), sealed)).toBe('s');
  });
});
