import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { NotFoundError } from '../../../platform/http/app-error';
import { CallbackState, CallbackStore } from '../persistence/callback-store';
import { PaymentFilter, PaymentStore, toSummary } from '../persistence/payment-store';
import { RefundStore } from '../persistence/refund-store';

/** What finance looks at: payments, callbacks that need a look, refunds flagged for a person. */
@Injectable()
export class PaymentsAdmin {
  constructor(
    private readonly payments: PaymentStore,
    private readonly callbacks: CallbackStore,
    private readonly refunds: RefundStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async listPayments(filter: PaymentFilter) {
    const { items, total } = await this.payments.list(filter);
    return {
      total,
      items: items.map((p) => ({
        ...toSummary(p),
        orderNo: p.orderNo,
        providerRef: p.providerRef,
        feeMinor: p.feeMinor,
        settledBy: p.settledBy,
        expiresAt: p.expiresAt.toISOString(),
        closedAt: p.closedAt?.toISOString() ?? null,
      })),
    };
  }

  listCallbacks(filter: { state?: CallbackState; paymentId?: string; limit: number; offset: number }) {
    return this.callbacks.list(filter);
  }

  listRefunds(filter: { paymentId?: string; open?: boolean; limit: number; offset: number }) {
    return this.refunds.list(filter);
  }

  /** Records that a person paid a flagged refund back by hand (audited). */
  async resolveRefund(refundId: string, resolution: string) {
    const resolved = await this.refunds.resolve(refundId, resolution, this.clock.now());
    if (!resolved) throw new NotFoundError('No open flagged refund with this id', 'flagged_refund_not_found');
    await this.audit.record({
      action: 'payments.refund.resolve',
      targetType: 'payment',
      targetId: resolved.paymentId,
      reason: resolution,
      details: { refundId, amountMinor: resolved.amountMinor },
    });
    return resolved;
  }
}
