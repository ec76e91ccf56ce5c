import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { currentActor } from '../../../platform/auth/actor';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { withdrawalFee } from '../domain/wallet-position';
import { WithdrawalAction, withdrawalTransition, WithdrawalStatus } from '../domain/withdrawal-state-machine';
import { MemberStore } from '../persistence/member-store';
import { Withdrawal, WithdrawalMethod, WithdrawalStore } from '../persistence/withdrawal-store';
import { WalletBook } from './wallet-book';

export function withdrawalView(w: Withdrawal) {
  return {
    id: w.id,
    memberId: w.memberId,
    currency: w.currency,
    amountMinor: w.amountMinor,
    feeMinor: w.feeMinor,
    payoutMinor: w.payoutMinor,
    method: w.method,
    account: w.account,
    status: w.status,
    rejectReason: w.rejectReason,
    paidReference: w.paidReference,
    requestedAt: w.requestedAt.toISOString(),
    reviewedAt: w.reviewedAt?.toISOString() ?? null,
    reviewedBy: w.reviewedBy,
    paidAt: w.paidAt?.toISOString() ?? null,
  };
}

/**
 * Withdrawals: the member asks (the amount leaves the balance at once, so parallel requests can
 * never take more than it holds); finance approves and pays outside the shop, or rejects and the
 * amount goes back to the wallet. Moves follow the table in domain/withdrawal-state-machine.ts.
 */
@Injectable()
export class Withdrawals {
  constructor(
    private readonly store: WithdrawalStore,
    private readonly members: MemberStore,
    private readonly wallets: WalletBook,
    private readonly audit: AuditLog,
    private readonly cls: ClsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async request(memberId: string, input: { amountMinor: number; method: WithdrawalMethod; account: string }) {
    const minimum = this.config.REFERRAL_WITHDRAWAL_MIN_MINOR;
    if (input.amountMinor < minimum) {
      throw new BusinessRuleError(`The smallest withdrawal is ${minimum}`, 'withdrawal_below_minimum', { minimumMinor: minimum });
    }
    const now = this.clock.now();
    await this.members.ensure(memberId, now);
    const feeMinor = withdrawalFee(input.amountMinor, this.config.REFERRAL_WITHDRAWAL_FEE_BPS);
    const withdrawal: Withdrawal = {
      id: randomUUID(),
      memberId,
      currency: this.config.REFERRAL_CURRENCY,
      amountMinor: input.amountMinor,
      feeMinor,
      payoutMinor: input.amountMinor - feeMinor,
      method: input.method,
      account: input.account,
      status: 'requested',
      rejectReason: null,
      paidReference: null,
      requestedAt: now,
      reviewedAt: null,
      reviewedBy: null,
      paidAt: null,
    };
    await this.wallets.takeForWithdrawal(memberId, input.amountMinor, withdrawal.id);
    await this.store.insert(withdrawal);
    return withdrawalView(withdrawal);
  }

  async listOwn(memberId: string, limit: number, offset: number) {
    const { items, total } = await this.store.list({ memberId }, limit, offset);
    return { items: items.map(withdrawalView), total, limit, offset };
  }

  async list(status: WithdrawalStatus | undefined, limit: number, offset: number) {
    const { items, total } = await this.store.list({ status }, limit, offset);
    return { items: items.map(withdrawalView), total, limit, offset };
  }

  async approve(id: string, reason?: string) {
    return this.move(id, 'approve', { reason });
  }

  async reject(id: string, reason: string) {
    return this.move(id, 'reject', { reason });
  }

  async markPaid(id: string, reference: string) {
    return this.move(id, 'mark_paid', { reference });
  }

  private async move(id: string, action: WithdrawalAction, input: { reason?: string; reference?: string }) {
    const w = await this.store.byId(id, true);
    if (!w) throw new NotFoundError(`No withdrawal ${id}`, 'withdrawal_not_found');
    const t = withdrawalTransition(w.status, action);
    if (!t) {
      throw new ConflictError(`A ${w.status} withdrawal cannot ${action.replace('_', ' ')}`, 'withdrawal_state_conflict', { status: w.status, action });
    }
    const now = this.clock.now();
    const actor = currentActor(this.cls);
    const next: Withdrawal = { ...w, status: t.to };
    if (action === 'mark_paid') {
      next.paidAt = now;
      next.paidReference = input.reference ?? null;
    } else {
      next.reviewedAt = now;
      next.reviewedBy = actor.label;
      if (action === 'reject') next.rejectReason = input.reason ?? null;
    }
    if (t.returnsFunds) await this.wallets.post(w.memberId, w.amountMinor, 'withdrawal_returned', { withdrawalId: w.id });
    await this.store.save(next, now);
    await this.audit.record({
      action: `referrals.withdrawal.${action}`,
      targetType: 'referral-withdrawal',
      targetId: w.id,
      reason: input.reason,
      details: { memberId: w.memberId, from: w.status, to: t.to, amountMinor: w.amountMinor, payoutMinor: w.payoutMinor, reference: input.reference, fundsReturned: t.returnsFunds },
    });
    return withdrawalView(next);
  }
}
