/**
 * Our amounts against Stripe's. We keep an amount in its currency's ISO 4217 minor units; Stripe
 * writes it in "the currency's smallest unit" as Stripe defines it (docs.stripe.com/currencies),
 * which is the ISO minor unit for most currencies but not all:
 * - Stripe's zero-decimal currencies take whole units; all of them are zero-decimal in ISO too,
 *   except MGA (ISO: 2 decimals), whose amounts must then be whole ariary;
 * - Stripe's three-decimal currencies take the ISO amount, but the last digit must be 0;
 * - every other currency is two-decimal at Stripe, including ISK (ISO: no decimals), which Stripe
 *   keeps two-decimal for backwards compatibility: 1 króna is 100.
 * Converting refuses rather than rounds: an amount that is not exactly ours is never charged,
 * refunded or settled.
 */

const STRIPE_ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** ISO 4217 minor units of the currencies in use whose minor unit is not 2. */
const ISO_EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** ISO codes that are units of account, not money a buyer pays with (special drawing rights, sucre). */
const NOT_PAYABLE = new Set(['XDR', 'XSU']);

export type StripeAmount = { ok: true; amount: number } | { ok: false; reason: string };

const isoExponent = (currency: string) => ISO_EXPONENT[currency] ?? 2;
const stripeExponent = (currency: string) => (STRIPE_ZERO_DECIMAL.has(currency) ? 0 : STRIPE_THREE_DECIMAL.has(currency) ? 3 : 2);

let currenciesInUse: Set<string> | undefined;
function inUse(currency: string): boolean {
  currenciesInUse ??= new Set(Intl.supportedValuesOf('currency'));
  return currenciesInUse.has(currency) && !NOT_PAYABLE.has(currency);
}

/**
 * Problems with a channel currency for Stripe: an upper-case ISO 4217 code of a currency in use,
 * with a minor unit Stripe can write (it has no three-decimal amounts for IQD and LYD). Whether
 * the Stripe account may charge it is Stripe's to say when a payment is opened.
 */
export function stripeCurrencyProblems(currency: string): string[] {
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return ['currency must be a 3-letter upper-case ISO 4217 code such as EUR'];
  if (!inUse(currency)) return [`currency ${currency} is not an ISO 4217 currency in use`];
  if (isoExponent(currency) === 3 && !STRIPE_THREE_DECIMAL.has(currency)) return [`Stripe takes no three-decimal amounts in ${currency}`];
  return [];
}

/** Our amount (ISO minor units, positive) as Stripe's `amount` / `unit_amount`. */
export function toStripeAmount(amountMinor: number, currency: string): StripeAmount {
  const [problem] = stripeCurrencyProblems(currency);
  if (problem) return { ok: false, reason: problem };
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, reason: 'the amount must be a positive whole number of minor units' };
  const shift = stripeExponent(currency) - isoExponent(currency);
  if (shift < 0 && amountMinor % 10 ** -shift !== 0) {
    return { ok: false, reason: `Stripe takes ${currency} in whole units: ${amountMinor} is not a multiple of ${10 ** -shift} minor units` };
  }
  const amount = shift >= 0 ? amountMinor * 10 ** shift : amountMinor / 10 ** -shift;
  if (!Number.isSafeInteger(amount)) return { ok: false, reason: 'the amount is too large' };
  if (STRIPE_THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    return { ok: false, reason: `Stripe takes ${currency} amounts whose last (third) decimal is 0: ${amountMinor} is not a multiple of 10` };
  }
  return { ok: true, amount };
}

/** Stripe's amount (e.g. a session's `amount_total`) in our minor units; null when it is not a valid amount. */
export function fromStripeAmount(amount: number, currency: string): number | null {
  if (stripeCurrencyProblems(currency).length > 0 || !Number.isSafeInteger(amount) || amount < 0) return null;
  const shift = stripeExponent(currency) - isoExponent(currency);
  if (shift > 0 && amount % 10 ** shift !== 0) return null;
  const minor = shift >= 0 ? amount / 10 ** shift : amount * 10 ** -shift;
  return Number.isSafeInteger(minor) ? minor : null;
}
