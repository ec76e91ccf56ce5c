/**
 * The sandbox provider's notification body, sent as a form or as JSON:
 * `payment_id, txn_id, amount_minor, currency, status (succeeded|failed), provider_ref`.
 * Reading it is pure: the signature has been checked before.
 */
export interface SandboxNotification {
  paymentId: string;
  providerTxnId: string;
  providerRef: string;
  amountMinor: number;
  currency: string;
  status: 'succeeded' | 'failed';
}

export type NotificationRead = { ok: true; notification: SandboxNotification } | { ok: false; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[\x21-\x7e]{1,128}$/;

/** Fields of a body by its media type; only flat string values count. */
export function bodyFields(contentType: string | undefined, raw: Buffer): Record<string, string> | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
    }
    return fields;
  }
  return null;
}

export function readSandboxNotification(fields: Record<string, string>): NotificationRead {
  const amount = Number(fields.amount_minor);
  if (!UUID.test(fields.payment_id ?? '')) return { ok: false, reason: 'payment_id is not a UUID' };
  if (!TOKEN.test(fields.txn_id ?? '')) return { ok: false, reason: 'txn_id missing or malformed' };
  if (!TOKEN.test(fields.provider_ref ?? '')) return { ok: false, reason: 'provider_ref missing or malformed' };
  if (!/^[0-9]{1,15}$/.test(fields.amount_minor ?? '') || !Number.isSafeInteger(amount)) {
    return { ok: false, reason: 'amount_minor is not a whole number of minor units' };
  }
  if (!/^[A-Z]{3}$/.test(fields.currency ?? '')) return { ok: false, reason: 'currency is not an ISO code' };
  if (fields.status !== 'succeeded' && fields.status !== 'failed') return { ok: false, reason: 'status is neither succeeded nor failed' };
  return {
    ok: true,
    notification: {
      paymentId: fields.payment_id.toLowerCase(),
      providerTxnId: fields.txn_id,
      providerRef: fields.provider_ref,
      amountMinor: amount,
      currency: fields.currency,
      status: fields.status,
    },
  };
}

export function encodeSandboxNotification(n: SandboxNotification, format: 'form' | 'json'): { contentType: string; body: Buffer } {
  const fields = {
    payment_id: n.paymentId,
    txn_id: n.providerTxnId,
    provider_ref: n.providerRef,
    amount_minor: String(n.amountMinor),
    currency: n.currency,
    status: n.status,
  };
  return format === 'json'
    ? { contentType: 'application/json', body: Buffer.from(JSON.stringify(fields), 'utf8') }
    : { contentType: 'application/x-www-form-urlencoded', body: Buffer.from(new URLSearchParams(fields).toString(), 'utf8') };
}
