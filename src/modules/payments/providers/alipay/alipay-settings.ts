/**
 * An Alipay channel's own settings (beside the routing ones):
 * - gateway: Alipay's OpenAPI v2 gateway; production by default. Plain http is accepted for a
 *   gateway on this machine only (the tests' fake Alipay);
 * - mode: how the buyer pays. 'qr' (default): 当面付 precreate, a QR code the buyer scans with the
 *   Alipay app; 'page': 电脑网站支付, a page on Alipay's site the buyer is sent to.
 */
export interface AlipaySettings {
  gateway: string;
  mode: 'qr' | 'page';
}

export const ALIPAY_PRODUCTION_GATEWAY = 'https://openapi.alipay.com/gateway.do';

const DEFAULTS: AlipaySettings = { gateway: ALIPAY_PRODUCTION_GATEWAY, mode: 'qr' };

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function alipaySettingProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    switch (key) {
      case 'gateway':
        if (!isGatewayUrl(value)) problems.push('settings.gateway must be an https URL (http only for a gateway on this machine)');
        break;
      case 'mode':
        if (value !== 'qr' && value !== 'page') problems.push("settings.mode must be 'qr' or 'page'");
        break;
      default:
        problems.push(`settings.${key} is not a setting of the Alipay provider (gateway, mode)`);
    }
  }
  return problems;
}

export function alipaySettingsOf(settings: Record<string, unknown>): AlipaySettings {
  return { ...DEFAULTS, ...(settings as Partial<AlipaySettings>) };
}

function isGatewayUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}
