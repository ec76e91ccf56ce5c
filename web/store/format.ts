import { ApiError } from '../shared/http';
import { language, translator } from '../shared/i18n';
import { formatMoney } from '../shared/money';
import { messages } from './messages';

/** The storefront's translator: t('checkout.pay'), re-read on every render so a switch shows at once. */
export const t = translator(messages);

export const money = (minor: number, currency: string): string => formatMoney(minor, currency, language.value);

export const dateTime = (iso: string): string =>
  new Intl.DateTimeFormat(language.value === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Codes a buyer can meet, said in their language; anything else shows the API's own message. */
const KNOWN_ERRORS = [
  'out_of_stock',
  'no_payment_channel',
  'coupon_not_found',
  'coupon_not_applicable',
  'coupon_used_up',
  'goods_not_found',
  'order_not_found',
  'too_many_requests',
  'too_many_lookups',
  'too_many_sign_in_attempts',
  'invalid_credentials',
  'email_taken',
  'ticket_not_found',
  'ticket_closed',
  'order_claimed_by_another',
  'idempotency_key_in_progress',
  'network',
] as const;

export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.network');
  const code = (KNOWN_ERRORS as readonly string[]).includes(error.code) ? error.code : error.status === 429 ? 'too_many_requests' : null;
  if (code === 'coupon_not_applicable') return `${t('error.coupon_not_applicable')} (${error.message})`;
  if (code) return t(`error.${code}`);
  if (error.code === 'validation_failed') return `${t('error.validation')} ${fieldsOf(error.details)}`.trim();
  if (error.status >= 500) return t('error.server');
  return error.message;
}

function fieldsOf(details: unknown): string {
  if (!Array.isArray(details)) return '';
  return details
    .map((d: { field?: string; problems?: string[] }) => (d.field ? `${d.field}: ${(d.problems ?? []).join(', ')}` : ''))
    .filter(Boolean)
    .join('; ');
}
