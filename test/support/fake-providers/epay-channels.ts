import { randomBytes } from 'node:crypto';
import { createChannelAsAdmin } from '../admin-channels';
import type { TestApp } from '../test-app';
import type { EpayMerchant } from './epay-server';

/** A merchant of the fake aggregator: pid and a 32-character key, as 彩虹 issues them. */
export const newEpayMerchant = (pid = '1001'): EpayMerchant => ({ pid, key: randomBytes(16).toString('hex') });

/** Creates an epay channel through the admin API, pointed at the fake aggregator. */
export async function createEpayChannel(
  shop: TestApp,
  token: string,
  input: { code: string; merchant: EpayMerchant; settings: Record<string, unknown>; priority?: number },
): Promise<void> {
  await createChannelAsAdmin(shop, token, {
    code: input.code,
    provider: 'epay',
    displayName: `易支付 ${input.code}`,
    currency: 'CNY',
    credentials: { pid: input.merchant.pid, key: input.merchant.key },
    settings: input.settings,
    priority: input.priority ?? 100,
  });
}
