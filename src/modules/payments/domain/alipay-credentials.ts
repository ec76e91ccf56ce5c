import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * An Alipay channel's credentials, in Alipay's public-key mode (公钥模式):
 * - appId: the app's APPID (16 digits) from the Alipay open platform console;
 * - privateKey: the app's RSA2 private key (应用私钥), as PEM or as the bare base64 text Alipay's
 *   key tool writes (PKCS#8 "for Java" or PKCS#1 "for other languages": both are read);
 * - alipayPublicKey: Alipay's public key (支付宝公钥), shown in the console once the app's public
 *   key is uploaded; it verifies Alipay's answers and notifications.
 * Problems name the field only, never its value.
 */
export const ALIPAY_CREDENTIAL_FIELDS = ['appId', 'privateKey', 'alipayPublicKey'] as const;

/** The credentials in the form alipay-sdk takes them: bare base64 DER, PKCS#8 and SPKI. */
export interface AlipayKeys {
  appId: string;
  privateKeyPkcs8: string;
  alipayPublicKeySpki: string;
}

export type AlipayCredentialsRead = { ok: true; keys: AlipayKeys } | { ok: false; problems: string[] };

/** RSA2 is SHA256withRSA with a key of 2048 bits or more (Alipay's key tool makes 2048). */
const MIN_MODULUS_BITS = 2048;
const APP_ID = /^[0-9]{16}$/;
const BARE_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function readAlipayCredentials(credentials: Record<string, string>): AlipayCredentialsRead {
  const problems = Object.keys(credentials)
    .filter((key) => !(ALIPAY_CREDENTIAL_FIELDS as readonly string[]).includes(key))
    .map((key) => `credentials.${key} is not an Alipay credential (appId, privateKey, alipayPublicKey)`);
  const { appId, privateKey: privateText, alipayPublicKey: publicText } = credentials;
  if (typeof appId !== 'string' || !APP_ID.test(appId)) problems.push("credentials.appId must be the app's 16-digit APPID");
  const privateKey = typeof privateText === 'string' ? readRsaKey(privateText, 'private') : null;
  if (!privateKey) problems.push("credentials.privateKey must be the app's RSA private key (2048 bits or more), PEM or bare base64");
  const alipayKey = typeof publicText === 'string' ? readRsaKey(publicText, 'public') : null;
  if (!alipayKey) problems.push("credentials.alipayPublicKey must be Alipay's RSA public key (2048 bits or more), PEM or bare base64");
  if (privateKey && alipayKey && der(createPublicKey(privateKey)).equals(der(alipayKey))) {
    // The commonest mix-up: pasting the app's own public key (应用公钥) instead of Alipay's.
    problems.push("credentials.alipayPublicKey is the app's own public key; it must be Alipay's public key (支付宝公钥)");
  }
  if (problems.length > 0 || !privateKey || !alipayKey) return { ok: false, problems };
  return {
    ok: true,
    keys: {
      appId,
      privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      alipayPublicKeySpki: der(alipayKey).toString('base64'),
    },
  };
}

const der = (publicKey: KeyObject) => publicKey.export({ type: 'spki', format: 'der' });

/** An RSA key of RSA2 strength, or null. */
function readRsaKey(text: string, kind: 'private' | 'public'): KeyObject | null {
  const key = kind === 'private' ? parsePrivateKey(text.trim()) : parsePublicKey(text.trim());
  const bits = key?.asymmetricKeyDetails?.modulusLength ?? 0;
  return key?.asymmetricKeyType === 'rsa' && bits >= MIN_MODULUS_BITS ? key : null;
}

/** PEM, or bare base64 DER as PKCS#8 then PKCS#1. */
function parsePrivateKey(text: string): KeyObject | null {
  if (text.startsWith('-----BEGIN ')) return attempt(() => createPrivateKey(text));
  const bytes = bareBase64(text);
  if (!bytes) return null;
  return (
    attempt(() => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })) ??
    attempt(() => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs1' }))
  );
}

/** A PUBLIC KEY PEM block only (Node would derive a public key from a pasted private one), or bare base64 DER as SPKI then PKCS#1. */
function parsePublicKey(text: string): KeyObject | null {
  if (text.startsWith('-----BEGIN ')) return /^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text) ? attempt(() => createPublicKey(text)) : null;
  const bytes = bareBase64(text);
  if (!bytes) return null;
  return (
    attempt(() => createPublicKey({ key: bytes, format: 'der', type: 'spki' })) ??
    attempt(() => createPublicKey({ key: bytes, format: 'der', type: 'pkcs1' }))
  );
}

function bareBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  return BARE_BASE64.test(compact) ? Buffer.from(compact, 'base64') : null;
}

function attempt(read: () => KeyObject): KeyObject | null {
  try {
    return read();
  } catch {
    return null;
  }
}
