import { stripeCredentialProblems, stripeKeyMode, stripeSettingProblems, stripeSettingsOf } from './stripe-settings';

describe('Stripe channel credentials', () => {
  const webhookSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('takes secret and restricted keys of either mode with a webhook signing secret', () => {
    for (const secretKey of ['sk_test_51H8abcDEF', 'sk_live_51H8abcDEF', 'rk_test_51H8abcDEF', 'rk_live_51H8abcDEF']) {
      expect(stripeCredentialProblems({ secretKey, webhookSecret })).toEqual([]);
    }
    expect(stripeKeyMode('sk_live_51H8abcDEF')).toBe('live');
    expect(stripeKeyMode('rk_live_51H8abcDEF')).toBe('live');
    expect(stripeKeyMode('sk_test_51H8abcDEF')).toBe('test');
  });

  it('names the bad fields, never their values', () => {
    const problems = stripeCredentialProblems({ secretKey: 'pk_live_51H8abcDEF', webhookSecret: 'secret-of-the-endpoint', apiKey: 'x' });
    expect(problems).toEqual([
      'credentials.apiKey is not a Stripe credential (only secretKey and webhookSecret)',
      'credentials.secretKey must be a Stripe secret key (sk_live_..., sk_test_...) or restricted key (rk_live_..., rk_test_...)',
      "credentials.webhookSecret must be the webhook endpoint's signing secret (whsec_...)",
    ]);
    expect(problems.join(' ')).not.toMatch(/pk_live_51H8abcDEF|secret-of-the-endpoint/);
    expect(stripeCredentialProblems({})).toHaveLength(2);
  });
});

describe('Stripe channel settings', () => {
  it('defaults to the Stripe API, the Dashboard payment methods and a 300 s tolerance', () => {
    expect(stripeSettingProblems({})).toEqual([]);
    expect(stripeSettingsOf({})).toEqual({ apiBase: new URL('https://api.stripe.com'), paymentMethodTypes: null, webhookToleranceSeconds: 300 });
  });

  it('accepts its own settings', () => {
    const settings = { apiBase: 'http://127.0.0.1:4010', paymentMethodTypes: ['card', 'alipay'], webhookToleranceSeconds: 600 };
    expect(stripeSettingProblems(settings)).toEqual([]);
    expect(stripeSettingsOf(settings)).toEqual({ apiBase: new URL('http://127.0.0.1:4010'), paymentMethodTypes: ['card', 'alipay'], webhookToleranceSeconds: 600 });
    expect(stripeSettingProblems({ apiBase: 'https://stripe-proxy.example.com:8443' })).toEqual([]);
  });

  it('names every bad or unknown setting', () => {
    const apiBase = 'settings.apiBase must be an https origin such as https://api.stripe.com (http only for a loopback address)';
    const methods = 'settings.paymentMethodTypes must be a list of distinct Stripe payment method types such as ["card"]';
    for (const bad of ['http://api.stripe.com', 'https://api.stripe.com/v1', 'https://u:p@api.stripe.com', 'ftp://127.0.0.1', 'api.stripe.com', 42]) {
      expect(stripeSettingProblems({ apiBase: bad })).toEqual([apiBase]);
    }
    for (const bad of [[], 'card', ['card', 'card'], ['Card'], [1]]) expect(stripeSettingProblems({ paymentMethodTypes: bad })).toEqual([methods]);
    for (const bad of [29, 901, 300.5, '300']) {
      expect(stripeSettingProblems({ webhookToleranceSeconds: bad })).toEqual(['settings.webhookToleranceSeconds must be an integer from 30 to 900']);
    }
    expect(stripeSettingProblems({ currency: 'EUR' })).toEqual(['settings.currency is not a setting of the stripe provider']);
  });
});
