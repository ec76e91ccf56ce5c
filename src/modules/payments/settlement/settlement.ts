import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { decideSettlement, SettlementClaim } from '../domain/settlement-rules';
import { PaymentRecord, PaymentStore } from '../persistence/payment-store';
import { PaymentSucceededV1 } from '../public/payments.events';

export type SettlementSource = 'callback' | 'reconciliation' | 'manual';

export type SettlementResult =
  | { outcome: 'settled'; payment: PaymentRecord }
  | { outcome: 'duplicate'; payment: PaymentRecord }
  | { outcome: 'mismatch'; problems: string[] }
  | { outcome: 'conflict'; reason: string }
  | { outcome: 'missing' };

/**
 * The one way a payment becomes succeeded, whoever reports the money (a callback, reconciliation,
 * an admin): with the payment row locked, amount and currency must match to the cent, and the
 * conditional UPDATE from pending / expired / failed lets exactly one report win. The winner
 * publishes PaymentSucceededV1 in the same transaction. Another payment of the same order is a
 * payment of its own and is settled too: orders decides to refund it.
 */
@Injectable()
export class Settlement {
  private readonly logger = new Logger('PaymentSettlement');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly payments: PaymentStore,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  settle(paymentId: string, claim: SettlementClaim, source: SettlementSource): Promise<SettlementResult> {
    return this.txHost.withTransaction(async () => {
      const payment = await this.payments.byId(paymentId, true);
      if (!payment) return { outcome: 'missing' as const };
      const decision = decideSettlement(payment, claim);
      if (decision.kind === 'duplicate') return { outcome: 'duplicate' as const, payment };
      if (decision.kind === 'mismatch') return this.refuse(payment, claim, source, 'mismatch', decision.problems);
      if (decision.kind === 'conflict') return this.refuse(payment, claim, source, 'conflict', [decision.reason]);
      if (await this.payments.txnTaken(payment.channel, claim.providerTxnId, payment.id)) {
        return this.refuse(payment, claim, source, 'conflict', [`transaction ${claim.providerTxnId} already settled another payment`]);
      }
      const settled = await this.payments.markSucceeded(payment.id, claim.providerTxnId, source, this.clock.now());
      if (!settled) throw new Error(`payment ${payment.id} changed under its lock`);
      await this.outbox.publish(
        new PaymentSucceededV1(
          settled.id,
          settled.orderId,
          settled.channel,
          settled.amountMinor,
          settled.currency,
          claim.providerTxnId,
          source,
          (settled.succeededAt as Date).toISOString(),
        ),
      );
      if (payment.status !== 'pending') {
        this.logger.warn({ paymentId: payment.id, was: payment.status, source }, 'a late payment was settled');
      }
      return { outcome: 'settled' as const, payment: settled };
    });
  }

  private async refuse(
    payment: PaymentRecord,
    claim: SettlementClaim,
    source: SettlementSource,
    outcome: 'mismatch' | 'conflict',
    problems: string[],
  ): Promise<SettlementResult> {
    this.logger.warn({ paymentId: payment.id, source, outcome, problems }, `payment report refused: ${problems.join('; ')}`);
    await this.audit.record({
      action: `payments.settlement.${outcome}`,
      targetType: 'payment',
      targetId: payment.id,
      reason: problems.join('; '),
      details: {
        source,
        orderId: payment.orderId,
        reported: { channel: claim.channel, providerTxnId: claim.providerTxnId, amountMinor: claim.amountMinor, currency: claim.currency },
        expected: { channel: payment.channel, amountMinor: payment.amountMinor, currency: payment.currency, status: payment.status },
      },
    });
    return outcome === 'mismatch' ? { outcome, problems } : { outcome, reason: problems.join('; ') };
  }
}
