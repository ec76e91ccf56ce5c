import { CommissionState, reverseForRefund, reversedTotal } from './commission-reversal';

describe('commission reversal on refunds', () => {
  it('takes back the refunded share, rounded down', () => {
    // 999 commission on a 9,999 sale; 3,333 refunded → floor(999 × 3333 / 9999) = 333
    expect(reversedTotal(999, 9_999, 3_333)).toBe(333);
    expect(reversedTotal(999, 9_999, 9_999)).toBe(999);
    expect(reversedTotal(999, 9_999, 0)).toBe(0);
    expect(reversedTotal(999, 9_999, 20_000)).toBe(999); // never more than the commission
  });

  it('does not drift over several partial refunds: cumulative, not summed per refund', () => {
    // Three refunds of 1/3 each on a 1,000 sale with a 7 commission. Per-refund rounding would give
    // floor(7/3) × 3 = 6 and leave 1 behind after a full refund; cumulative gives 2, 4, 7.
    let c: CommissionState = { amountMinor: 7, reversedMinor: 0, status: 'frozen' };
    const steps: number[] = [];
    for (const refunded of [333, 666, 1_000]) {
      const r = reverseForRefund(c, 1_000, refunded);
      steps.push(r.deltaMinor);
      c = { amountMinor: 7, reversedMinor: r.reversedMinor, status: r.status };
    }
    expect(steps).toEqual([2, 2, 3]);
    expect(c).toEqual({ amountMinor: 7, reversedMinor: 7, status: 'cancelled' });
  });

  it('reduces a frozen commission and cancels it when nothing is left', () => {
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 0, status: 'frozen' }, 10_000, 2_500)).toEqual({
      reversedMinor: 250,
      deltaMinor: 250,
      status: 'frozen',
      clawbackMinor: 0,
    });
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 250, status: 'frozen' }, 10_000, 10_000)).toEqual({
      reversedMinor: 1_000,
      deltaMinor: 750,
      status: 'cancelled',
      clawbackMinor: 0,
    });
  });

  it('claws back from a settled commission, and marks it clawed back when all of it is', () => {
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 0, status: 'settled' }, 10_000, 5_000)).toMatchObject({
      deltaMinor: 500,
      status: 'settled',
      clawbackMinor: 500,
    });
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 500, status: 'settled' }, 10_000, 10_000)).toMatchObject({
      reversedMinor: 1_000,
      clawbackMinor: 500,
      status: 'clawed_back',
    });
  });

  it('has nothing to take from cancelled or clawed-back commissions, and never gives back', () => {
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 1_000, status: 'cancelled' }, 10_000, 10_000).deltaMinor).toBe(0);
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 1_000, status: 'clawed_back' }, 10_000, 10_000).deltaMinor).toBe(0);
    // A smaller cumulative refund than already reversed (a replay) takes nothing and returns nothing.
    expect(reverseForRefund({ amountMinor: 1_000, reversedMinor: 500, status: 'frozen' }, 10_000, 1_000).deltaMinor).toBe(0);
  });
});
