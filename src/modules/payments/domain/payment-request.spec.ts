import { paymentRequestProblems } from './payment-request';

describe('payment request', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const good = {
    orderId: '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11',
    orderNo: '20261124-8K3F9Q2M',
    amountMinor: 1999,
    currency: 'CNY',
    subject: 'Game card × 1',
    expiresAt: new Date(now.getTime() + 900_000),
  };

  it('accepts a well-formed request', () => {
    expect(paymentRequestProblems(good, now)).toEqual([]);
    expect(paymentRequestProblems({ ...good, returnUrl: 'https://shop.example/orders/1', preferredChannel: 'sandbox' }, now)).toEqual([]);
  });

  it('names each problem', () => {
    const problems = paymentRequestProblems(
      { ...good, orderId: 'x', amountMinor: 19.99, currency: 'cny', subject: ' ', expiresAt: now, returnUrl: 'javascript:alert(1)' },
      now,
    );
    expect(problems).toHaveLength(6);
    expect(paymentRequestProblems({ ...good, amountMinor: 0 }, now)).toHaveLength(1);
  });
});
