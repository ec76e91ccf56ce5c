import type { ChannelRecord } from '../persistence/channel-store';

/** A channel as the admin sees it: which credential fields are set, never their values. */
export function channelView(c: ChannelRecord) {
  return {
    id: c.id,
    code: c.code,
    provider: c.provider,
    displayName: c.displayName,
    enabled: c.enabled,
    priority: c.priority,
    currency: c.currency,
    minAmountMinor: c.minAmountMinor,
    maxAmountMinor: c.maxAmountMinor,
    feeBps: c.feeBps,
    feeFixedMinor: c.feeFixedMinor,
    credentialsSet: [...c.credentialFields].sort(),
    settings: c.settings,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export type ChannelView = ReturnType<typeof channelView>;
