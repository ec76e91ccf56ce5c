import type { DeliveryType, DynamicDeliverySettings } from '../public/goods.contracts';
import type { RuleProblem } from './rule-problem';

export const DYNAMIC_TIMEOUT_MIN_MS = 1_000;
export const DYNAMIC_TIMEOUT_MAX_MS = 30_000;
export const DYNAMIC_TIMEOUT_DEFAULT_MS = 10_000;
export const DYNAMIC_URL_MAX_LENGTH = 2_000;

/** What the environment decides about merchant URLs. */
export interface EndpointPolicy {
  /** Plain http to this machine (a merchant stub in development and tests); never in production. */
  allowLoopbackHttp: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
const isLoopback = (hostname: string) => LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);

/**
 * A dynamic goods item names the merchant URL the shop asks for its items, and only dynamic goods
 * do. The URL must be https: the call carries the order and its signature, and the answer is what
 * the buyer receives. No user or password in it (the call is authenticated by the signature, and a
 * URL with credentials would show them in the goods history), no fragment.
 */
export function dynamicDeliveryProblems(
  deliveryType: DeliveryType,
  settings: DynamicDeliverySettings | null | undefined,
  policy: EndpointPolicy,
): RuleProblem[] {
  if (deliveryType !== 'dynamic') {
    return settings ? [{ field: 'dynamicDelivery', message: 'dynamicDelivery is allowed only on goods with deliveryType dynamic' }] : [];
  }
  if (!settings) return [{ field: 'dynamicDelivery', message: 'goods with deliveryType dynamic need dynamicDelivery {url, timeoutMs}' }];
  const problems: RuleProblem[] = [];
  const urlProblem = merchantUrlProblem(settings.url, policy);
  if (urlProblem) problems.push({ field: 'dynamicDelivery.url', message: urlProblem });
  if (!Number.isInteger(settings.timeoutMs) || settings.timeoutMs < DYNAMIC_TIMEOUT_MIN_MS || settings.timeoutMs > DYNAMIC_TIMEOUT_MAX_MS) {
    problems.push({
      field: 'dynamicDelivery.timeoutMs',
      message: `timeoutMs must be a whole number of milliseconds from ${DYNAMIC_TIMEOUT_MIN_MS} to ${DYNAMIC_TIMEOUT_MAX_MS}`,
    });
  }
  return problems;
}

function merchantUrlProblem(text: string, policy: EndpointPolicy): string | null {
  const expected = policy.allowLoopbackHttp
    ? 'url must be an https URL (plain http only for a loopback address such as http://127.0.0.1)'
    : 'url must be an https URL';
  if (typeof text !== 'string' || text.length === 0 || text.length > DYNAMIC_URL_MAX_LENGTH || /\s/.test(text)) {
    return `${expected}, at most ${DYNAMIC_URL_MAX_LENGTH} characters`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return expected;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && policy.allowLoopbackHttp && isLoopback(url.hostname));
  if (!secure || url.hostname === '') return expected;
  if (url.username !== '' || url.password !== '') return 'url must not carry a user or password (the call is authenticated by its signature)';
  if (url.hash !== '') return 'url must not have a #fragment';
  return null;
}

/**
 * Production refuses to put dynamic goods on sale while the shop has no signing secret: the
 * merchant could not tell the shop's calls from anyone else's. (Outside production the goods may
 * go on sale; each delivery attempt then fails with a message saying the secret is missing.)
 */
export function needsSigningSecret(goods: { deliveryType: DeliveryType; onSale: boolean; archived: boolean }): boolean {
  return goods.deliveryType === 'dynamic' && goods.onSale && !goods.archived;
}
