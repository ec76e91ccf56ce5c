/**
 * The sandbox channel's own settings (beside the routing ones), for showing failover and for tests:
 * - latencyMs: each create call waits this long first (0-60000);
 * - failureRate: the share of create calls that fail (0..1; 1 = always);
 * - hang: create calls never answer (until the router's timeout gives up on them);
 * - callbackFormat: 'form' (default) or 'json' body for the callbacks it sends;
 * - refundUnsupported: refunds answer "unsupported", as for a channel that cannot refund.
 */
export interface SandboxSettings {
  latencyMs: number;
  failureRate: number;
  hang: boolean;
  callbackFormat: 'form' | 'json';
  refundUnsupported: boolean;
}

const DEFAULTS: SandboxSettings = { latencyMs: 0, failureRate: 0, hang: false, callbackFormat: 'form', refundUnsupported: false };

export function sandboxSettingProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    switch (key) {
      case 'latencyMs':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 60_000) problems.push('settings.latencyMs must be an integer from 0 to 60000');
        break;
      case 'failureRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) problems.push('settings.failureRate must be a number from 0 to 1');
        break;
      case 'hang':
      case 'refundUnsupported':
        if (typeof value !== 'boolean') problems.push(`settings.${key} must be true or false`);
        break;
      case 'callbackFormat':
        if (value !== 'form' && value !== 'json') problems.push("settings.callbackFormat must be 'form' or 'json'");
        break;
      default:
        problems.push(`settings.${key} is not a setting of the sandbox provider`);
    }
  }
  return problems;
}

export function sandboxSettingsOf(settings: Record<string, unknown>): SandboxSettings {
  return { ...DEFAULTS, ...(settings as Partial<SandboxSettings>) };
}
