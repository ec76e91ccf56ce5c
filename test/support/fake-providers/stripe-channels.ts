import { randomBytes } from 'node:crypto';
import { createChannelAsAdmin } from '../admin-channels';
import type { TestApp } from '../test-app';
import type { FakeStripe, FakeStripeAccount } from './stripe-server';

/** A Stripe test-mode account's keys, shaped as Stripe issues them. */
export const newStripeAccount = (): FakeStripeAccount => ({
  secretKey: `sk_test_51${randomBytes(24).toString('hex')}`,
  webhookSecret: `whsec_${randomBytes(24).toString('base64').replace(/[+/=]/g, 'A')}`,
});

/** Creates a Stripe channel through the admin API, pointed at the fake account. */
export async function createStripeChannel(
  shop: TestApp,
  token: string,
  input: { code: string; currency: string; fake: FakeStripe; settings?: Record<string, unknown> },
): Promise<void> {
  await createChannelAsAdmin(shop, token, {
    code: input.code,
    provider: 'stripe',
    displayName: `Stripe ${input.currency}`,
    currency: input.currency,
    credentials: { secretKey: input.fake.account.secretKey, webhookSecret: input.fake.account.webhookSecret },
    settings: { apiBase: input.fake.url, ...input.settings },
  });
}

/** The webhook endpoint URL a merchant registers in the Stripe Dashboard for a channel. */
export const stripeWebhookUrl = (shop: { baseUrl: string }, channel: string) => `${shop.baseUrl}/api/payments/callbacks/${channel}`;
