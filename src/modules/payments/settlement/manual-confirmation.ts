import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditLog } from '../../../platform/audit/audit-log';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { SETTLEABLE_STATUSES } from '../domain/settlement-rules';
import { PaymentStore, toSummary } from '../persistence/payment-store';
import type { PaymentSummary } from '../public/payments.contracts';
import { Settlement } from './settlement';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An admin confirms that an order was paid outside the provider's notice (a bank transfer, a
 * callback that never came): the order's latest open payment (pending, expired or failed) is
 * settled for its full amount through Settlement with source 'manual', so PaymentSucceededV1
 * follows exactly as for a callback. Audited with the reason.
 */
@Injectable()
export class ManualConfirmation {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly payments: PaymentStore,
    private readonly settlement: Settlement,
    private readonly audit: AuditLog,
  ) {}

  async confirm(input: { orderId: string; providerTxnId: string; reason: string }): Promise<PaymentSummary> {
    const problems = [
      ...(UUID.test(input.orderId) ? [] : ['orderId must be a UUID']),
      ...(/^[\x21-\x7e]{1,128}$/.test(input.providerTxnId ?? '') ? [] : ['providerTxnId must be 1-128 visible ASCII characters']),
      ...(typeof input.reason === 'string' && input.reason.trim().length >= 3 && input.reason.length <= 500 ? [] : ['reason must be 3-500 characters']),
    ];
    if (problems.length > 0) throw new ValidationError(`Invalid confirmation: ${problems.join('; ')}`, problems);
    return this.txHost.withTransaction(async () => {
      const all = await this.payments.ofOrder(input.orderId, true);
      if (all.length === 0) throw new NotFoundError(`No payment was opened for order ${input.orderId}`, 'payment_not_found');
      if (all.some((p) => p.status === 'succeeded')) {
        throw new ConflictError('This order already has a succeeded payment', 'order_already_paid');
      }
      const open = all.filter((p) => SETTLEABLE_STATUSES.includes(p.status));
      const target = open.find((p) => p.status === 'pending') ?? open[open.length - 1];
      if (!target) throw new ConflictError('This order has no open payment to confirm', 'payment_not_open');
      const result = await this.settlement.settle(
        target.id,
        { channel: null, providerTxnId: input.providerTxnId, amountMinor: target.amountMinor, currency: target.currency },
        'manual',
      );
      if (result.outcome !== 'settled') {
        const reason = result.outcome === 'conflict' ? result.reason : result.outcome;
        throw new ConflictError(`The payment could not be confirmed: ${reason}`, 'payment_confirm_conflict');
      }
      await this.audit.record({
        action: 'payments.confirm-manually',
        targetType: 'payment',
        targetId: target.id,
        reason: input.reason,
        details: { orderId: input.orderId, providerTxnId: input.providerTxnId, amountMinor: target.amountMinor, currency: target.currency },
      });
      return toSummary(result.payment);
    });
  }
}
