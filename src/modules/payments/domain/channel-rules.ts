/**
 * A channel's rules that need no infrastructure: fees, limits, and the routing part of its
 * settings (create timeout and circuit-breaker tuning). The rest of a channel's settings belong to
 * its provider, which checks them itself.
 */

export interface RoutingSettings {
  /** A create call that takes longer counts as a failure and the next channel is tried. */
  timeoutMs: number;
  /** How long an open breaker waits before it lets one probe through (half-open). */
  breakerResetMs: number;
  /** The breaker opens when more than this share of the calls in the window failed (percent)... */
  breakerErrorPercent: number;
  /** ...and at least this many calls were made in the window. */
  breakerMinRequests: number;
  /** The rolling window of the breaker's figures. */
  breakerWindowMs: number;
}

export const ROUTING_DEFAULTS: RoutingSettings = {
  timeoutMs: 5000,
  breakerResetMs: 30_000,
  breakerErrorPercent: 50,
  breakerMinRequests: 5,
  breakerWindowMs: 60_000,
};

const ROUTING_BOUNDS: Record<keyof RoutingSettings, [number, number]> = {
  timeoutMs: [50, 60_000],
  breakerResetMs: [100, 3_600_000],
  breakerErrorPercent: [1, 100],
  breakerMinRequests: [1, 1000],
  breakerWindowMs: [1000, 3_600_000],
};

const ROUTING_KEYS = Object.keys(ROUTING_BOUNDS) as Array<keyof RoutingSettings>;

export type Settings = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits settings into the routing part (checked here) and the provider's part. */
export function splitSettings(settings: Settings): { routing: Settings; provider: Settings } {
  const routing: Settings = {};
  const provider: Settings = {};
  for (const [key, value] of Object.entries(settings)) {
    if ((ROUTING_KEYS as string[]).includes(key)) routing[key] = value;
    else provider[key] = value;
  }
  return { routing, provider };
}

export function routingSettingProblems(settings: Settings): string[] {
  const { routing } = splitSettings(settings);
  return Object.entries(routing).flatMap(([key, value]) => {
    const [min, max] = ROUTING_BOUNDS[key as keyof RoutingSettings];
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? []
      : [`settings.${key} must be an integer from ${min} to ${max}`];
  });
}

/** The routing settings with defaults for what is not set (call after routingSettingProblems). */
export function routingSettingsOf(settings: Settings): RoutingSettings {
  const { routing } = splitSettings(settings);
  return { ...ROUTING_DEFAULTS, ...(routing as Partial<RoutingSettings>) };
}

/** A shallow merge patch: a key set to null is removed, others replace the old value. */
export function mergeSettings(current: Settings, patch: Settings): Settings {
  const merged: Settings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function limitProblems(minAmountMinor: number, maxAmountMinor: number | null): string[] {
  return maxAmountMinor !== null && maxAmountMinor < minAmountMinor
    ? ['maxAmountMinor must not be below minAmountMinor']
    : [];
}

/** The channel's fee on an amount: the fixed part plus basis points, rounded half up to a minor unit. */
export function feeFor(amountMinor: number, feeBps: number, feeFixedMinor: number): number {
  return feeFixedMinor + Math.floor((amountMinor * feeBps + 5000) / 10_000);
}
