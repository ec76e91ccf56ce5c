import { Injectable } from '@nestjs/common';
import { ChannelStore } from '../persistence/channel-store';

/** A channel as a buyer may see it at checkout: what it is called and what it takes, nothing else. */
export interface StorefrontChannel {
  code: string;
  displayName: string;
  provider: string;
  currency: string;
  minAmountMinor: number;
  maxAmountMinor: number | null;
}

/**
 * The enabled channels a buyer can choose from, in the shop's order. The choice is a preference:
 * checkout still fails over to the next channel when the chosen one is down.
 */
@Injectable()
export class StorefrontChannels {
  constructor(private readonly channels: ChannelStore) {}

  async list(filter: { currency?: string; amountMinor?: number }): Promise<StorefrontChannel[]> {
    const enabled = await this.channels.all(true);
    return enabled
      .filter((c) => !filter.currency || c.currency === filter.currency)
      .filter((c) => filter.amountMinor === undefined || (filter.amountMinor >= c.minAmountMinor && (c.maxAmountMinor === null || filter.amountMinor <= c.maxAmountMinor)))
      .map((c) => ({
        code: c.code,
        displayName: c.displayName,
        provider: c.provider,
        currency: c.currency,
        minAmountMinor: c.minAmountMinor,
        maxAmountMinor: c.maxAmountMinor,
      }));
  }
}
