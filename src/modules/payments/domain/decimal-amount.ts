/**
 * Amounts as providers write them ("19.99" yuan for epay and Alipay) and as we keep them (1999
 * minor units). Strict both ways: a provider's "19.9", "19.999", "1e3" or "-1" is refused rather
 * than rounded, because a callback amount that is not exactly ours must never settle a payment.
 */

/** 1999 → "19.99" (exponent 2); 5 → "0.05"; 100 → "1.00". */
export function formatDecimalAmount(amountMinor: number, exponent = 2): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError(`not an amount in minor units: ${amountMinor}`);
  if (exponent === 0) return String(amountMinor);
  const digits = String(amountMinor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * "19.99" → 1999; "20" and "20.0" → 2000 (providers drop trailing zeros); anything else → null:
 * more decimals than the currency has, signs, exponents, spaces, empty text.
 */
export function parseDecimalAmount(text: string, exponent = 2): number | null {
  const match = /^(0|[1-9][0-9]{0,14})(?:\.([0-9]+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent || (match[2] !== undefined && fraction.length === 0)) return null;
  const minor = Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}
