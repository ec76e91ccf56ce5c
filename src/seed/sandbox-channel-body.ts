import { randomBytes } from 'node:crypto';

/**
 * The body of `POST /admin/payments/channels` for a sandbox channel (test payments, no money
 * moves) in CNY with no limits or fees: what the seed, the scale-out tests and the benchmarks
 * create. Each gets its own random signing secret.
 */
export function sandboxChannelBody(code: string, fields: { displayName?: string; priority?: number; settings?: Record<string, unknown> } = {}) {
  return {
    code,
    provider: 'sandbox',
    displayName: fields.displayName ?? `Sandbox ${code}`,
    enabled: true,
    priority: fields.priority ?? 10,
    currency: 'CNY',
    minAmountMinor: 1,
    maxAmountMinor: null,
    feeBps: 0,
    feeFixedMinor: 0,
    credentials: { secret: randomBytes(24).toString('base64url') },
    settings: fields.settings ?? {},
  };
}
