import { applyEntry, canWithdraw, withdrawalFee } from './wallet-position';

describe('wallet position', () => {
  it('credits the balance', () => {
    expect(applyEntry({ balanceMinor: 100, debtMinor: 0 }, 250)).toEqual({ balanceMinor: 350, debtMinor: 0 });
  });

  it('claws back from the balance, and records what it cannot take as debt (never a negative balance)', () => {
    expect(applyEntry({ balanceMinor: 300, debtMinor: 0 }, -200)).toEqual({ balanceMinor: 100, debtMinor: 0 });
    expect(applyEntry({ balanceMinor: 300, debtMinor: 0 }, -500)).toEqual({ balanceMinor: 0, debtMinor: 200 });
    expect(applyEntry({ balanceMinor: 0, debtMinor: 200 }, -50)).toEqual({ balanceMinor: 0, debtMinor: 250 });
  });

  it('pays the debt first from the next credits', () => {
    expect(applyEntry({ balanceMinor: 0, debtMinor: 200 }, 150)).toEqual({ balanceMinor: 0, debtMinor: 50 });
    expect(applyEntry({ balanceMinor: 0, debtMinor: 50 }, 150)).toEqual({ balanceMinor: 100, debtMinor: 0 });
  });

  it('lets a withdrawal take only what the balance holds', () => {
    expect(canWithdraw({ balanceMinor: 1_000, debtMinor: 0 }, 1_000)).toBe(true);
    expect(canWithdraw({ balanceMinor: 1_000, debtMinor: 0 }, 1_001)).toBe(false);
    expect(canWithdraw({ balanceMinor: 0, debtMinor: 10 }, 1)).toBe(false);
    expect(canWithdraw({ balanceMinor: 1_000, debtMinor: 0 }, 0)).toBe(false);
  });

  it('rounds the fee down', () => {
    expect(withdrawalFee(1_999, 100)).toBe(19);
    expect(withdrawalFee(1_000, 0)).toBe(0);
    expect(withdrawalFee(1_000, 250)).toBe(25);
  });
});
