import type { Language } from './email-kinds';

/** Minor-unit digits of an ISO currency (2 for CNY, 0 for JPY, 3 for KWD); null for a code Intl does not know. */
function fractionDigitsOf(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? null;
  } catch {
    return null;
  }
}

/** An amount in minor units as a buyer reads it: ¥12.50 (zh), CN¥12.50 (en). */
export function formatMoney(minor: number, currency: string, language: Language): string {
  const digits = fractionDigitsOf(currency);
  if (digits === null) return `${minor} ${currency} (minor units)`;
  const locale = language === 'zh' ? 'zh-CN' : 'en-US';
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
}
