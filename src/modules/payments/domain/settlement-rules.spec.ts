import { decideSettlement, PaymentState, refundableMinor } from './settlement-rules';

const payment = (over: Partial<PaymentState> = {}): PaymentState => ({
  status: 'pending',
  channel: 'sandbox',
  amountMinor: 1999,
  currency: 'CNY',
  providerTxnId: null,
  ...over,
});
const claim = { channel: 'sandbox', providerTxnId: 'T1', amountMinor: 1999, currency: 'CNY' };

describe('settlement rules', () => {
  it('settles a pending, expired (late) or failed payment when everything matches', () => {
    for (const status of ['pending', 'expired', 'failed'] as const) {
      expect(decideSettlement(payment({ status }), claim)).toEqual({ kind: 'settle' });
    }
  });

  it('refuses any difference in amount, currency or channel', () => {
    expect(decideSettlement(payment(), { ...claim, amountMinor: 1998 })).toMatchObject({ kind: 'mismatch' });
    expect(decideSettlement(payment(), { ...claim, amountMinor: 2000 })).toMatchObject({ kind: 'mismatch' });
    expect(decideSettlement(payment(), { ...claim, currency: 'USD' })).toMatchObject({ kind: 'mismatch' });
    expect(decideSettlement(payment(), { ...claim, channel: 'other' })).toMatchObject({ kind: 'mismatch' });
    expect(decideSettlement(payment(), { ...claim, channel: null })).toEqual({ kind: 'settle' });
  });

  it('treats the same transaction again as a duplicate and another one as a conflict', () => {
    const settled = payment({ status: 'succeeded', providerTxnId: 'T1' });
    expect(decideSettlement(settled, claim)).toEqual({ kind: 'duplicate' });
    expect(decideSettlement(settled, { ...claim, providerTxnId: 'T2' })).toMatchObject({ kind: 'conflict' });
    expect(decideSettlement(payment({ status: 'refunded', providerTxnId: 'T1' }), claim)).toEqual({ kind: 'duplicate' });
  });

  it('knows what is left to refund', () => {
    expect(refundableMinor({ status: 'succeeded', amountMinor: 1000, refundedAmountMinor: 300 })).toBe(700);
    expect(refundableMinor({ status: 'refunded', amountMinor: 1000, refundedAmountMinor: 1000 })).toBe(0);
    expect(refundableMinor({ status: 'pending', amountMinor: 1000, refundedAmountMinor: 0 })).toBe(0);
  });
});
