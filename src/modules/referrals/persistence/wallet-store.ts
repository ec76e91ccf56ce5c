import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export type LedgerKind = 'commission' | 'clawback' | 'withdrawal' | 'withdrawal_returned';

export interface Wallet {
  memberId: string;
  currency: string;
  balanceMinor: number;
  debtMinor: number;
}

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  amountMinor: number;
  balanceAfterMinor: number;
  debtAfterMinor: number;
  commissionId: string | null;
  withdrawalId: string | null;
  at: Date;
}

interface LedgerRow {
  id: number | string;
  kind: LedgerKind;
  amount_minor: number;
  balance_after_minor: number;
  debt_after_minor: number;
  commission_id: string | null;
  withdrawal_id: string | null;
  at: Date;
}

/** Wallets (balance and debt) and their append-only ledger. */
@Injectable()
export class WalletStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The member's wallet, created empty when missing, locked until the transaction ends. */
  async lock(memberId: string, currency: string, now: Date): Promise<Wallet> {
    await this.txHost.tx.query(
      `INSERT INTO referrals.wallets (member_id, currency, updated_at) VALUES ($1, $2, $3) ON CONFLICT (member_id) DO NOTHING`,
      [memberId, currency, now],
    );
    const [row]: Array<{ member_id: string; currency: string; balance_minor: number; debt_minor: number }> = await this.txHost.tx.query(
      `SELECT member_id, currency, balance_minor, debt_minor FROM referrals.wallets WHERE member_id = $1 FOR NO KEY UPDATE`,
      [memberId],
    );
    return { memberId: row.member_id, currency: row.currency, balanceMinor: row.balance_minor, debtMinor: row.debt_minor };
  }

  async find(memberId: string): Promise<Wallet | null> {
    const rows: Array<{ member_id: string; currency: string; balance_minor: number; debt_minor: number }> = await this.txHost.tx.query(
      `SELECT member_id, currency, balance_minor, debt_minor FROM referrals.wallets WHERE member_id = $1`,
      [memberId],
    );
    return rows[0] ? { memberId: rows[0].member_id, currency: rows[0].currency, balanceMinor: rows[0].balance_minor, debtMinor: rows[0].debt_minor } : null;
  }

  /** Writes the new position and its ledger entry; the caller holds the wallet's lock. */
  async append(
    wallet: Wallet,
    entry: { kind: LedgerKind; amountMinor: number; commissionId?: string; withdrawalId?: string },
    now: Date,
  ): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.wallets SET balance_minor = $2, debt_minor = $3, updated_at = $4 WHERE member_id = $1`, [
      wallet.memberId,
      wallet.balanceMinor,
      wallet.debtMinor,
      now,
    ]);
    await this.txHost.tx.query(
      `INSERT INTO referrals.wallet_ledger (member_id, kind, amount_minor, balance_after_minor, debt_after_minor, commission_id, withdrawal_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [wallet.memberId, entry.kind, entry.amountMinor, wallet.balanceMinor, wallet.debtMinor, entry.commissionId ?? null, entry.withdrawalId ?? null, now],
    );
  }

  async ledger(memberId: string, limit: number, offset: number): Promise<{ items: LedgerEntry[]; total: number }> {
    const rows: Array<LedgerRow & { total: number }> = await this.txHost.tx.query(
      `SELECT id, kind, amount_minor, balance_after_minor, debt_after_minor, commission_id, withdrawal_id, at, count(*) OVER ()::int AS total
         FROM referrals.wallet_ledger WHERE member_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
      [memberId, limit, offset],
    );
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        amountMinor: r.amount_minor,
        balanceAfterMinor: r.balance_after_minor,
        debtAfterMinor: r.debt_after_minor,
        commissionId: r.commission_id,
        withdrawalId: r.withdrawal_id,
        at: r.at,
      })),
    };
  }
}
