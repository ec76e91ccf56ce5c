/** Minor units per major unit for the currencies the shop sells in (ISO 4217 exponents). */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

/** Formats integer minor units for display, e.g. formatMoney(1990, 'CNY', 'zh') → "¥19.90". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const exponent = EXPONENT[currency] ?? 2;
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(minor / 10 ** exponent);
}

/** Reads a price typed by a person ("19.9") as integer minor units (1990); null when it is not a price. */
export function parseMoney(text: string, currency: string): number | null {
  const exponent = EXPONENT[currency] ?? 2;
  const match = new RegExp(`^\\s*(\\d+)(?:\\.(\\d{0,${exponent}}))?\\s*$`).exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(exponent, '0');
  return Number(match[1]) * 10 ** exponent + (exponent > 0 ? Number(fraction) : 0);
}
