import { Injectable } from '@nestjs/common';
import { BusinessRuleError } from '../../../platform/http/app-error';
import type { PaymentProvider } from './payment-provider';
import { AlipayProvider } from './alipay/alipay.provider';
import { EpayProvider } from './epay/epay.provider';
import { SandboxProvider } from './sandbox/sandbox.provider';
import { StripeProvider } from './stripe/stripe.provider';

/** Provider names a channel may name. */
export const PROVIDER_NAMES = ['sandbox', 'epay', 'alipay', 'stripe'] as const;

/**
 * Maps a channel's `provider` to its implementation. Adding one: implement PaymentProvider in
 * providers/<name>/, provide it in PaymentsModule and list it here.
 */
@Injectable()
export class ProviderRegistry {
  private readonly byName: Map<string, PaymentProvider>;

  constructor(sandbox: SandboxProvider, epay: EpayProvider, alipay: AlipayProvider, stripe: StripeProvider) {
    this.byName = new Map([sandbox, epay, alipay, stripe].map((p) => [p.name, p]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) {
      throw new BusinessRuleError(`The ${name} provider is not available in this version`, 'provider_not_available', {
        provider: name,
        available: [...this.byName.keys()],
      });
    }
    return provider;
  }
}
