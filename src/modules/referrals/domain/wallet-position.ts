/**
 * A wallet's position: a balance that is never negative, and a debt for what a claw-back could not
 * take. Every entry moves the net position (balance minus debt) by its signed amount; the split
 * follows from the net, so a credit pays the debt first and a claw-back empties the balance first.
 */
export interface WalletPosition {
  balanceMinor: number;
  debtMinor: number;
}

export function applyEntry(position: WalletPosition, amountMinor: number): WalletPosition {
  const net = position.balanceMinor - position.debtMinor + amountMinor;
  return { balanceMinor: Math.max(net, 0), debtMinor: Math.max(-net, 0) };
}

/** A withdrawal may take only what the balance holds (a debt makes the balance zero). */
export function canWithdraw(position: WalletPosition, amountMinor: number): boolean {
  return amountMinor > 0 && amountMinor <= position.balanceMinor;
}

/** The withdrawal fee in basis points of the amount, rounded down (in the member's favour). */
export function withdrawalFee(amountMinor: number, feeBps: number): number {
  return Number((BigInt(amountMinor) * BigInt(feeBps)) / 10_000n);
}
