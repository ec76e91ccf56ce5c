import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { applyEntry, canWithdraw } from '../domain/wallet-position';
import { LedgerKind, Wallet, WalletStore } from '../persistence/wallet-store';
import { InsufficientBalanceError } from '../public/referrals.errors';

/**
 * Every movement of a wallet: the wallet row is locked, the new position computed (credits pay the
 * debt first; claw-backs empty the balance first, the rest becomes debt) and written with its
 * ledger entry in the same transaction. Nothing else writes to a wallet.
 */
@Injectable()
export class WalletBook {
  constructor(
    private readonly store: WalletStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async post(memberId: string, amountMinor: number, kind: LedgerKind, refs: { commissionId?: string; withdrawalId?: string } = {}): Promise<Wallet> {
    const now = this.clock.now();
    const wallet = await this.store.lock(memberId, this.config.REFERRAL_CURRENCY, now);
    const next = { ...wallet, ...applyEntry(wallet, amountMinor) };
    await this.store.append(next, { kind, amountMinor, ...refs }, now);
    return next;
  }

  /** Takes a withdrawal's amount out of the balance, or refuses with 422 insufficient_balance. */
  async takeForWithdrawal(memberId: string, amountMinor: number, withdrawalId: string): Promise<Wallet> {
    const now = this.clock.now();
    const wallet = await this.store.lock(memberId, this.config.REFERRAL_CURRENCY, now);
    if (!canWithdraw(wallet, amountMinor)) throw new InsufficientBalanceError(wallet.balanceMinor, amountMinor);
    const next = { ...wallet, ...applyEntry(wallet, -amountMinor) };
    await this.store.append(next, { kind: 'withdrawal', amountMinor: -amountMinor, withdrawalId }, now);
    return next;
  }
}
