import { redactKeys } from './stripe-client';

describe('Stripe error messages', () => {
  it('never carry a key or a webhook secret', () => {
    expect(redactKeys('Invalid API Key provided: sk_test_****************1234')).toBe('Invalid API Key provided: [key]');
    expect(redactKeys('keys sk_live_51H8abc, rk_test_9Z and pk_live_x; secret whsec_abc+/=')).toBe('keys [key], [key] and [key]; secret [secret]');
    expect(redactKeys("No such checkout.session: 'cs_test_a1'")).toBe("No such checkout.session: 'cs_test_a1'");
  });
});
