/** Checks what a caller asks to be paid before any channel is tried. Pure. */
export interface PaymentRequestFacts {
  orderId: string;
  orderNo: string;
  amountMinor: number;
  currency: string;
  subject: string;
  expiresAt: Date;
  preferredChannel?: string;
  returnUrl?: string;
  clientIp?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function paymentRequestProblems(p: PaymentRequestFacts, now: Date): string[] {
  const problems: string[] = [];
  if (!UUID.test(p.orderId)) problems.push('orderId must be a UUID');
  if (!/^[\x21-\x7e]{1,64}$/.test(p.orderNo)) problems.push('orderNo must be 1-64 visible ASCII characters');
  if (!Number.isSafeInteger(p.amountMinor) || p.amountMinor <= 0) problems.push('amountMinor must be a positive whole number of minor units');
  if (!/^[A-Z]{3}$/.test(p.currency)) problems.push('currency must be an ISO 4217 code such as CNY');
  if (typeof p.subject !== 'string' || p.subject.trim().length === 0 || p.subject.length > 256) problems.push('subject must be 1-256 characters');
  if (!(p.expiresAt instanceof Date) || Number.isNaN(p.expiresAt.getTime()) || p.expiresAt <= now) {
    problems.push('expiresAt must be a time in the future');
  }
  if (p.preferredChannel !== undefined && typeof p.preferredChannel !== 'string') problems.push('preferredChannel must be a channel code');
  if (p.returnUrl !== undefined && !isWebUrl(p.returnUrl)) problems.push('returnUrl must be an http(s) URL');
  if (p.clientIp !== undefined && (typeof p.clientIp !== 'string' || p.clientIp.length > 64)) problems.push('clientIp is not an address');
  return problems;
}

function isWebUrl(value: string): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
