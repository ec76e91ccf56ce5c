import { pointsForAmount, refundEffect } from './points';

describe('points', () => {
  it('earns floor(amount / 100) × rate', () => {
    expect(pointsForAmount(12_99, 1)).toBe(12);
    expect(pointsForAmount(99, 1)).toBe(0);
    expect(pointsForAmount(100, 1)).toBe(1);
    expect(pointsForAmount(12_99, 3)).toBe(36);
    expect(pointsForAmount(0, 5)).toBe(0);
  });

  // A 25.99 order at rate 2 earned 50 points.
  const order = { paidMinor: 25_99, earnedPoints: 50, rate: 2, refundedMinor: 0, revokedPoints: 0 };

  it('takes back the points of a partial refund: floor(refund / 100) × rate', () => {
    expect(refundEffect(order, 10_50, 50)).toEqual({ points: 20, spendMinor: 10_50 });
    expect(refundEffect(order, 99, 50)).toEqual({ points: 0, spendMinor: 99 });
  });

  it('takes back everything the order earned on a full refund', () => {
    expect(refundEffect(order, 25_99, 50)).toEqual({ points: 50, spendMinor: 25_99 });
  });

  it('counts split refunds together: two halves take back what one whole would', () => {
    const three = { paidMinor: 3_00, earnedPoints: 3, rate: 1, refundedMinor: 0, revokedPoints: 0 };
    const first = refundEffect(three, 1_50, 3);
    expect(first).toEqual({ points: 1, spendMinor: 1_50 });
    const second = refundEffect({ ...three, refundedMinor: 1_50, revokedPoints: 1 }, 1_50, 2);
    expect(second).toEqual({ points: 2, spendMinor: 1_50 });
  });

  it('never takes back more than the order earned, nor spend beyond what it paid', () => {
    expect(refundEffect(order, 1_000_00, 500)).toEqual({ points: 50, spendMinor: 25_99 });
    const after = { ...order, refundedMinor: 25_99, revokedPoints: 50 };
    expect(refundEffect(after, 5_00, 500)).toEqual({ points: 0, spendMinor: 0 });
  });

  it('keeps the order\'s own rate when the setting changed since', () => {
    const oldRate = { paidMinor: 10_00, earnedPoints: 10, rate: 1, refundedMinor: 0, revokedPoints: 0 };
    expect(refundEffect(oldRate, 10_00, 100)).toEqual({ points: 10, spendMinor: 10_00 });
  });

  it('never takes the balance below zero: points already spent are forgiven', () => {
    expect(refundEffect(order, 25_99, 30)).toEqual({ points: 30, spendMinor: 25_99 });
    expect(refundEffect(order, 25_99, 0)).toEqual({ points: 0, spendMinor: 25_99 });
  });
});
