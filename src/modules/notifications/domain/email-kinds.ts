/** The e-mails the shop sends: two to buyers about their order, the rest alerts to the merchant. */
export const BUYER_KINDS = ['buyer_order_delivered', 'buyer_order_refunded'] as const;
export const ALERT_KINDS = [
  'alert_stock_low',
  'alert_order_awaiting_stock',
  'alert_payment_mismatch',
  'alert_dead_letter',
  'alert_channel_breaker_opened',
  'alert_sla_breached',
  'alert_dynamic_delivery_failed',
] as const;
export const EMAIL_KINDS = [...BUYER_KINDS, ...ALERT_KINDS] as const;

export type BuyerKind = (typeof BUYER_KINDS)[number];
export type AlertKind = (typeof ALERT_KINDS)[number];
export type EmailKind = (typeof EMAIL_KINDS)[number];
export type Audience = 'buyer' | 'merchant';

/**
 * pending: waiting for its next attempt; sending: a sender holds it (until its lease ends); sent: the
 * SMTP server accepted it; failed: out of attempts (an admin may send it again); skipped: nothing to
 * send any more (the order is no longer delivered, or gone).
 */
export const EMAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export type Language = 'zh' | 'en';

export function audienceOf(kind: EmailKind): Audience {
  return (BUYER_KINDS as readonly string[]).includes(kind) ? 'buyer' : 'merchant';
}
