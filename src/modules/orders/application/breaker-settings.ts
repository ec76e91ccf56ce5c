import type { AppConfig } from '../../../platform/config/app-config';
import type { FacadeBreakerOptions } from '../../../platform/resilience/facade-breaker';

/** The breaker around one module that checkout can do without, from the shop's settings. */
export function breakerSettings(config: AppConfig, dependency: string, timeoutMs: number): FacadeBreakerOptions {
  return {
    caller: 'orders',
    dependency,
    timeoutMs,
    resetMs: config.FACADE_BREAKER_RESET_MS,
    minCalls: config.FACADE_BREAKER_MIN_CALLS,
    errorPercent: config.FACADE_BREAKER_ERROR_PERCENT,
  };
}
