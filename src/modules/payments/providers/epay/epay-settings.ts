/**
 * An epay channel's own settings (beside the routing ones):
 * - apiBase (required): the aggregator's address, e.g. https://pay.example.com (submit.php,
 *   mapi.php and api.php live under it);
 * - mode: 'page' (default) sends the buyer to submit.php with the signed order in the URL, no
 *   server call; 'api' opens the order with a server call to mapi.php, which answers a pay URL or
 *   QR code;
 * - payType: the aggregator's `type` (alipay, wxpay, qqpay, bank, ... as the aggregator names
 *   them; default alipay);
 * - device: mapi.php's `device` (default pc), the kind of page it answers for.
 */
export interface EpaySettings {
  apiBase: string;
  mode: 'page' | 'api';
  payType: string;
  device: string;
}

export const EPAY_DEVICES = ['pc', 'mobile', 'qq', 'wechat', 'alipay', 'jump'];
const PAY_TYPE = /^[a-z][a-z0-9_]{0,31}$/;

function apiBaseProblem(value: unknown): string | null {
  const problem = 'settings.apiBase must be the http(s) address of the epay aggregator, without query or credentials';
  if (typeof value !== 'string' || value.length > 500) return problem;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem;
  }
  const plain = (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
  return plain ? null : problem;
}

export function epaySettingProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (settings.apiBase === undefined) problems.push('settings.apiBase is required (the address of the epay aggregator)');
  for (const [key, value] of Object.entries(settings)) {
    switch (key) {
      case 'apiBase': {
        const problem = apiBaseProblem(value);
        if (problem) problems.push(problem);
        break;
      }
      case 'mode':
        if (value !== 'page' && value !== 'api') problems.push("settings.mode must be 'page' or 'api'");
        break;
      case 'payType':
        if (typeof value !== 'string' || !PAY_TYPE.test(value)) problems.push('settings.payType must be an epay payment type such as alipay or wxpay');
        break;
      case 'device':
        if (typeof value !== 'string' || !EPAY_DEVICES.includes(value)) problems.push(`settings.device must be one of ${EPAY_DEVICES.join(', ')}`);
        break;
      default:
        problems.push(`settings.${key} is not a setting of the epay provider`);
    }
  }
  return problems;
}

/** The settings with defaults (call after epaySettingProblems); apiBase without its trailing slash. */
export function epaySettingsOf(settings: Record<string, unknown>): EpaySettings {
  const given = settings as Partial<EpaySettings>;
  return {
    apiBase: String(given.apiBase ?? '').replace(/\/+$/, ''),
    mode: given.mode ?? 'page',
    payType: given.payType ?? 'alipay',
    device: given.device ?? 'pc',
  };
}
