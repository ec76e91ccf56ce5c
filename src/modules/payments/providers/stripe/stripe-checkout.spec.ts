import { checkoutExpiresAt, checkoutIdempotencyKey, checkoutSessionParams } from './stripe-checkout';

describe('Stripe Checkout Session parameters', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);
  const request = {
    channel: 'stripe-jpy',
    paymentId: '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11',
    orderNo: '20261124-AB12',
    subject: 'Game card × 1',
    currency: 'JPY',
    stripeAmount: 500,
    returnUrl: 'https://shop.example/orders/20261124-AB12',
    expiresAt: inMinutes(120),
    paymentMethodTypes: null,
  };

  it('opens one hosted session for the payment, named by our payment id', () => {
    const metadata = { paymentId: request.paymentId, orderNo: request.orderNo, channel: 'stripe-jpy' };
    expect(checkoutSessionParams(request, now)).toEqual({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'jpy', unit_amount: 500, product_data: { name: 'Game card × 1' } } }],
      client_reference_id: request.paymentId,
      metadata,
      payment_intent_data: { metadata },
      success_url: request.returnUrl,
      cancel_url: request.returnUrl,
      expires_at: seconds(inMinutes(120)),
      adaptive_pricing: { enabled: false },
    });
    expect(checkoutSessionParams({ ...request, paymentMethodTypes: ['card'] }, now)).toMatchObject({ allowed_payment_method_types: ['card'] });
    expect(checkoutIdempotencyKey('stripe-jpy', request.paymentId)).toBe('checkout-session-0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11-stripe-jpy');
  });

  it("keeps expires_at inside Stripe's 30 minutes to 24 hours, clear of both ends", () => {
    expect(checkoutExpiresAt(inMinutes(15), now)).toBe(seconds(inMinutes(31)));
    expect(checkoutExpiresAt(inMinutes(30), now)).toBe(seconds(inMinutes(31)));
    expect(checkoutExpiresAt(inMinutes(90), now)).toBe(seconds(inMinutes(90)));
    expect(checkoutExpiresAt(inMinutes(3 * 24 * 60), now)).toBe(seconds(inMinutes(24 * 60 - 1)));
  });
});
