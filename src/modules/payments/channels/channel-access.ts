import { Injectable } from '@nestjs/common';
import { splitSettings } from '../domain/channel-rules';
import { ChannelRecord } from '../persistence/channel-store';
import type { PaymentProvider, ProviderChannel } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import { CredentialsCipher } from './credentials-cipher';

/** Hands a channel to its provider: credentials opened, only the provider's part of the settings. */
@Injectable()
export class ChannelAccess {
  constructor(
    private readonly cipher: CredentialsCipher,
    private readonly providers: ProviderRegistry,
  ) {}

  providerOf(channel: ChannelRecord): PaymentProvider {
    return this.providers.get(channel.provider);
  }

  open(channel: ChannelRecord): ProviderChannel {
    return {
      id: channel.id,
      code: channel.code,
      credentials: this.cipher.open(channel.code, channel.credentials),
      settings: splitSettings(channel.settings).provider,
    };
  }
}
