import { fromStripeAmount, stripeCurrencyProblems, toStripeAmount } from './stripe-amount';

describe('Stripe amounts', () => {
  it('passes two-decimal and zero-decimal amounts as they are', () => {
    expect(toStripeAmount(1999, 'EUR')).toEqual({ ok: true, amount: 1999 });
    expect(toStripeAmount(1999, 'CNY')).toEqual({ ok: true, amount: 1999 });
    for (const currency of ['JPY', 'KRW', 'VND', 'CLP', 'XOF', 'UGX']) expect(toStripeAmount(500, currency)).toEqual({ ok: true, amount: 500 });
    expect(fromStripeAmount(1999, 'EUR')).toBe(1999);
    expect(fromStripeAmount(500, 'JPY')).toBe(500);
    expect(fromStripeAmount(0, 'USD')).toBe(0);
  });

  it('passes three-decimal amounts as they are, only when the last digit is 0', () => {
    expect(toStripeAmount(5120, 'KWD')).toEqual({ ok: true, amount: 5120 });
    expect(toStripeAmount(5124, 'KWD')).toEqual({
      ok: false,
      reason: 'Stripe takes KWD amounts whose last (third) decimal is 0: 5124 is not a multiple of 10',
    });
    for (const currency of ['BHD', 'JOD', 'OMR', 'TND']) expect(toStripeAmount(1001, currency)).toMatchObject({ ok: false });
    expect(fromStripeAmount(5120, 'BHD')).toBe(5120);
  });

  it("converts where Stripe's smallest unit is not the ISO minor unit (ISK, MGA)", () => {
    // ISK has no decimals in ISO 4217; Stripe keeps it two-decimal: 500 krónur is 50000.
    expect(toStripeAmount(500, 'ISK')).toEqual({ ok: true, amount: 50000 });
    expect(fromStripeAmount(50000, 'ISK')).toBe(500);
    expect(fromStripeAmount(50050, 'ISK')).toBeNull();
    // MGA has 2 decimals in ISO 4217; Stripe takes whole ariary.
    expect(toStripeAmount(150000, 'MGA')).toEqual({ ok: true, amount: 1500 });
    expect(toStripeAmount(150050, 'MGA')).toEqual({ ok: false, reason: 'Stripe takes MGA in whole units: 150050 is not a multiple of 100 minor units' });
    expect(fromStripeAmount(1500, 'MGA')).toBe(150000);
  });

  it('refuses amounts that are not positive whole minor units, and Stripe amounts that are not whole', () => {
    for (const bad of [0, -1, 19.99, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(toStripeAmount(bad, 'EUR')).toEqual({ ok: false, reason: 'the amount must be a positive whole number of minor units' });
    }
    expect(toStripeAmount(Number.MAX_SAFE_INTEGER, 'ISK')).toEqual({ ok: false, reason: 'the amount is too large' });
    for (const bad of [-1, 1.5, Number.NaN]) expect(fromStripeAmount(bad, 'EUR')).toBeNull();
    expect(fromStripeAmount(100, 'eur')).toBeNull();
  });

  it('takes upper-case ISO codes of currencies in use that Stripe can write', () => {
    for (const currency of ['EUR', 'USD', 'JPY', 'CNY', 'KWD', 'ISK', 'MGA']) expect(stripeCurrencyProblems(currency)).toEqual([]);
    expect(stripeCurrencyProblems('eur')).toEqual(['currency must be a 3-letter upper-case ISO 4217 code such as EUR']);
    expect(stripeCurrencyProblems('EURO')).toEqual(['currency must be a 3-letter upper-case ISO 4217 code such as EUR']);
    expect(stripeCurrencyProblems('RMB')).toEqual(['currency RMB is not an ISO 4217 currency in use']);
    expect(stripeCurrencyProblems('XDR')).toEqual(['currency XDR is not an ISO 4217 currency in use']);
    expect(stripeCurrencyProblems('IQD')).toEqual(['Stripe takes no three-decimal amounts in IQD']);
    expect(toStripeAmount(1000, 'RMB')).toEqual({ ok: false, reason: 'currency RMB is not an ISO 4217 currency in use' });
  });
});
