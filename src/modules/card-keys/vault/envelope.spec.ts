import { randomUUID } from 'node:crypto';
import { blindIndex, cardKeyAad, newDataKey, open, seal } from './envelope';
import { keyRingFromConfig } from './key-ring';

describe('envelope encryption', () => {
  const dataKey = newDataKey();
  const goodsId = randomUUID();

  it('opens what it sealed, with a fresh nonce every time', () => {
    const keyId = randomUUID();
    const a = seal(dataKey, Buffer.from('SECRET-KEY-1'), cardKeyAad(keyId, goodsId));
    const b = seal(dataKey, Buffer.from('SECRET-KEY-1'), cardKeyAad(keyId, goodsId));
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('SECRET-KEY-1'))).toBe(false);
    expect(open(dataKey, a, cardKeyAad(keyId, goodsId)).toString()).toBe('SECRET-KEY-1');
  });

  it('refuses a ciphertext bound to another row, a tampered one, and the wrong key', () => {
    const keyId = randomUUID();
    const sealed = seal(dataKey, Buffer.from('SECRET'), cardKeyAad(keyId, goodsId));
    expect(() => open(dataKey, sealed, cardKeyAad(randomUUID(), goodsId))).toThrow();
    expect(() => open(dataKey, sealed, cardKeyAad(keyId, randomUUID()))).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => open(dataKey, tampered, cardKeyAad(keyId, goodsId))).toThrow();
    expect(() => open(newDataKey(), sealed, cardKeyAad(keyId, goodsId))).toThrow();
  });

  it('indexes the same key alike within a goods item and differently across items', () => {
    const indexKey = newDataKey();
    expect(blindIndex(indexKey, goodsId, 'K').equals(blindIndex(indexKey, goodsId, 'K'))).toBe(true);
    expect(blindIndex(indexKey, goodsId, 'K').equals(blindIndex(indexKey, randomUUID(), 'K'))).toBe(false);
    expect(blindIndex(indexKey, goodsId, 'K').equals(blindIndex(newDataKey(), goodsId, 'K'))).toBe(false);
  });
});

describe('keyRingFromConfig', () => {
  const b64 = () => newDataKey().toString('base64');

  it('refuses to run production without keys', () => {
    expect(() => keyRingFromConfig({ nodeEnv: 'production', warn: () => undefined })).toThrow(/required in production/);
  });

  it('uses the development keys elsewhere, with a warning', () => {
    const warn = jest.fn();
    const ring = keyRingFromConfig({ nodeEnv: 'development', warn });
    expect(ring.active.id).toBe('dev');
    expect(warn).toHaveBeenCalled();
  });

  it('makes the first listed master key the active one and keeps the others for unwrapping', () => {
    const ring = keyRingFromConfig({ nodeEnv: 'production', masterKeys: `k2:${b64()},k1:${b64()}`, indexKey: b64(), warn: () => undefined });
    expect(ring.active.id).toBe('k2');
    expect(ring.ids).toEqual(['k2', 'k1']);
    expect(() => ring.masterKey('k0')).toThrow(/not configured/);
  });
});
