/**
 * A Stripe channel's credentials and its own settings (beside the routing ones):
 * - credentials `secretKey` (sk_live_/sk_test_, or a restricted rk_live_/rk_test_ key) and
 *   `webhookSecret` (whsec_..., the signing secret of the webhook endpoint registered for the channel);
 * - `apiBase`: where the API is (default https://api.stripe.com; tests point it at a fake);
 * - `paymentMethodTypes`: the payment methods Checkout may offer, e.g. ["card"], sent as
 *   `allowed_payment_method_types` (a filter on those the Dashboard enables; default: all of them);
 * - `webhookToleranceSeconds`: how old a webhook's signed timestamp may be (default 300, 30..900).
 */
export interface StripeSettings {
  apiBase: URL;
  paymentMethodTypes: string[] | null;
  webhookToleranceSeconds: number;
}

const DEFAULT_API_BASE = 'https://api.stripe.com';
const DEFAULT_TOLERANCE_SECONDS = 300;
const TOLERANCE_BOUNDS = [30, 900] as const;

const SECRET_KEY = /^(sk|rk)_(live|test)_[0-9A-Za-z]{8,}$/;
const WEBHOOK_SECRET = /^whsec_[0-9A-Za-z+/=]{16,}$/;
const PAYMENT_METHOD_TYPE = /^[a-z][a-z0-9_]{1,39}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function stripeCredentialProblems(credentials: Record<string, string>): string[] {
  const problems = Object.keys(credentials)
    .filter((key) => key !== 'secretKey' && key !== 'webhookSecret')
    .map((key) => `credentials.${key} is not a Stripe credential (only secretKey and webhookSecret)`);
  if (!SECRET_KEY.test(credentials.secretKey ?? '')) {
    problems.push('credentials.secretKey must be a Stripe secret key (sk_live_..., sk_test_...) or restricted key (rk_live_..., rk_test_...)');
  }
  if (!WEBHOOK_SECRET.test(credentials.webhookSecret ?? '')) problems.push("credentials.webhookSecret must be the webhook endpoint's signing secret (whsec_...)");
  return problems;
}

/** 'live' or 'test', as the key says: Stripe keys carry their mode in the prefix. */
export function stripeKeyMode(secretKey: string): 'live' | 'test' {
  return /^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test';
}

export function stripeSettingProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    switch (key) {
      case 'apiBase':
        if (apiBaseOf(value) === null) {
          problems.push('settings.apiBase must be an https origin such as https://api.stripe.com (http only for a loopback address)');
        }
        break;
      case 'paymentMethodTypes':
        if (!Array.isArray(value) || value.length === 0 || value.length > 20 || new Set(value).size !== value.length || !value.every((t) => typeof t === 'string' && PAYMENT_METHOD_TYPE.test(t))) {
          problems.push('settings.paymentMethodTypes must be a list of distinct Stripe payment method types such as ["card"]');
        }
        break;
      case 'webhookToleranceSeconds':
        if (!Number.isInteger(value) || (value as number) < TOLERANCE_BOUNDS[0] || (value as number) > TOLERANCE_BOUNDS[1]) {
          problems.push(`settings.webhookToleranceSeconds must be an integer from ${TOLERANCE_BOUNDS[0]} to ${TOLERANCE_BOUNDS[1]}`);
        }
        break;
      default:
        problems.push(`settings.${key} is not a setting of the stripe provider`);
    }
  }
  return problems;
}

/** The settings with defaults for what is not set (call after stripeSettingProblems). */
export function stripeSettingsOf(settings: Record<string, unknown>): StripeSettings {
  return {
    apiBase: apiBaseOf(settings.apiBase ?? DEFAULT_API_BASE) ?? new URL(DEFAULT_API_BASE),
    paymentMethodTypes: Array.isArray(settings.paymentMethodTypes) ? (settings.paymentMethodTypes as string[]) : null,
    webhookToleranceSeconds: typeof settings.webhookToleranceSeconds === 'number' ? settings.webhookToleranceSeconds : DEFAULT_TOLERANCE_SECONDS,
  };
}

/**
 * An origin only (scheme, host, port): the client adds the /v1 paths. Plain http would send the
 * secret key in clear, so it is only for a fake on this machine.
 */
function apiBaseOf(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const originOnly = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  return originOnly && secure ? url : null;
}
