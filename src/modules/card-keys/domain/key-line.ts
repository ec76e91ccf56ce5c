/** What one line of an import holds once read. */
export type KeyLine = { kind: 'key'; secret: string } | { kind: 'blank' } | { kind: 'invalid'; reason: string };

export const MAX_KEY_LENGTH = 1024;
// Control characters (other than the tab, which some keys use as a separator) mean a binary or
// mangled file, not a key.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Trims a line and decides whether it is a key, blank, or something that cannot be a key. */
export function readKeyLine(raw: string): KeyLine {
  const secret = raw.trim();
  if (secret === '') return { kind: 'blank' };
  if (secret.length > MAX_KEY_LENGTH) return { kind: 'invalid', reason: `longer than ${MAX_KEY_LENGTH} characters` };
  if (CONTROL.test(secret)) return { kind: 'invalid', reason: 'contains control characters' };
  return { kind: 'key', secret };
}

/** A hint an admin may see without revealing the key: the first and last two characters. */
export function maskKey(secret: string): string {
  if (secret.length <= 6) return '*'.repeat(secret.length);
  return `${secret.slice(0, 2)}${'*'.repeat(Math.min(secret.length - 4, 12))}${secret.slice(-2)}`;
}
