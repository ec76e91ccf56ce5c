import Stripe from 'stripe';
import { FixedClock } from '../../../../platform/clock/clock';
import type { ReceivedCallback } from '../payment-provider';
import { StripeProvider } from './stripe.provider';

describe('StripeProvider callbacks', () => {
  const provider = new StripeProvider(new FixedClock());
  const webhookSecret = 'whsec_c3RyaXBlLXByb3ZpZGVyLXNwZWM';
  const signedAt = 1795000000;
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        object: 'checkout.session',
        amount_total: 1999,
        currency: 'eur',
        client_reference_id: '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11',
        metadata: { channel: 'stripe-eur' },
        payment_intent: 'pi_1',
        payment_status: 'paid',
      },
    },
  });
  const callback: ReceivedCallback = {
    method: 'POST',
    rawBody: Buffer.from(payload),
    rawQuery: '',
    headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret, timestamp: signedAt }) },
    pathRef: null,
  };
  const tenMinutesLater = new Date((signedAt + 600) * 1000);

  it("takes the tolerance and the channel code from the channel it is given, else Stripe's defaults", () => {
    const verify = (channel?: { code: string; settings: Record<string, unknown> }) =>
      provider.verifyCallback(callback, { webhookSecret }, tenMinutesLater, channel).outcome;
    expect(verify()).toBe('refused');
    expect(verify({ code: 'stripe-eur', settings: { webhookToleranceSeconds: 900 } })).toBe('verified');
    expect(verify({ code: 'stripe-usd', settings: { webhookToleranceSeconds: 900 } })).toBe('ignored');
  });

  it('acknowledges with the 2xx JSON Stripe expects', () => {
    expect(provider.acknowledge()).toEqual({ status: 200, contentType: 'application/json', body: '{"received":true}' });
  });
});
