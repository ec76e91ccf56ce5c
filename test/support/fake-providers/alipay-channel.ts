import type { ProviderChannel } from '../../../src/modules/payments/providers/payment-provider';
import { createChannelAsAdmin } from '../admin-channels';
import type { TestApp } from '../test-app';
import type { FakeAlipay } from './alipay-server';

/** An Alipay channel pointed at the fake gateway, created through the admin API as an admin would. */
export async function createAlipayChannel(
  shop: TestApp,
  token: string,
  fake: FakeAlipay,
  spec: { code?: string; settings?: Record<string, unknown>; priority?: number; credentials?: Record<string, string> } = {},
): Promise<{ code: string }> {
  const code = spec.code ?? 'alipay';
  await createChannelAsAdmin(shop, token, {
    code,
    provider: 'alipay',
    displayName: `Alipay ${code}`,
    currency: 'CNY',
    credentials: spec.credentials ?? fake.credentials,
    settings: { gateway: fake.gateway, ...spec.settings },
    ...(spec.priority === undefined ? {} : { priority: spec.priority }),
  });
  return { code };
}

/** The channel as the provider is handed it, for calling the provider directly. */
export const alipayProviderChannel = (fake: FakeAlipay, settings: Record<string, unknown> = {}): ProviderChannel => ({
  id: 'alipay-direct',
  code: 'alipay',
  credentials: fake.credentials,
  settings: { gateway: fake.gateway, ...settings },
});
