import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Clock } from '../../../platform/clock/clock';
import { JobQueue } from '../../../platform/queue/job-queue';
import { SETTLEMENT_JOB_OPTIONS, SETTLEMENT_QUEUE, SettlementJob } from '../callbacks/settlement-queue';
import { ChannelAccess } from '../channels/channel-access';
import { routingSettingsOf } from '../domain/channel-rules';
import { CallbackStore } from '../persistence/callback-store';
import { ChannelStore } from '../persistence/channel-store';
import { PaymentRecord, PaymentStore } from '../persistence/payment-store';
import { ProviderRegistry } from '../providers/provider-registry';
import { Settlement } from './settlement';

export const RECONCILE_AFTER_MS = 2 * 60_000;
/** Expired payments are still asked about this long after they expired: a late payment's lost callback. */
const LATE_PAYMENT_WATCH_MS = 60 * 60_000;
const BATCH = 100;
/** A tick stops asking after this long (the rest waits for the next tick): it shares the schedule queue. */
const TICK_BUDGET_MS = 30_000;

export interface ReconciliationReport {
  checked: number;
  settled: number;
  failed: number;
  expired: number;
  errors: number;
  requeuedCallbacks: number;
}

/**
 * The safety net under callbacks (schedule `payments.reconcile`, every 60 s): asks the provider
 * about payments pending for more than 2 minutes (and recently expired ones). Paid → settled with
 * source 'reconciliation'; failed at the provider → failed; still unpaid past expires_at →
 * expired. Callbacks stored but never processed (a lost job) are queued again.
 */
@Injectable()
export class Reconciliation {
  private readonly logger = new Logger('PaymentReconciliation');

  constructor(
    private readonly cls: ClsService,
    private readonly payments: PaymentStore,
    private readonly callbacks: CallbackStore,
    private readonly channels: ChannelStore,
    private readonly access: ChannelAccess,
    private readonly providers: ProviderRegistry,
    private readonly settlement: Settlement,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  run(): Promise<ReconciliationReport> {
    return this.cls.isActive() ? this.reconcile() : this.cls.run(() => this.reconcile());
  }

  private async reconcile(): Promise<ReconciliationReport> {
    const now = this.clock.now();
    const report: ReconciliationReport = { checked: 0, settled: 0, failed: 0, expired: 0, errors: 0, requeuedCallbacks: 0 };
    for (const callbackId of await this.callbacks.waiting(new Date(now.getTime() - 60_000), BATCH)) {
      await this.jobs.add<SettlementJob>(SETTLEMENT_QUEUE, 'settle', { callbackId }, { jobId: callbackId, ...SETTLEMENT_JOB_OPTIONS });
      report.requeuedCallbacks += 1;
    }
    const due = await this.payments.dueForReconciliation(
      new Date(now.getTime() - RECONCILE_AFTER_MS),
      new Date(now.getTime() - LATE_PAYMENT_WATCH_MS),
      BATCH,
    );
    const deadline = Date.now() + TICK_BUDGET_MS;
    for (const payment of due) {
      if (Date.now() > deadline) break;
      report.checked += 1;
      try {
        const outcome = await this.reconcileOne(payment, now);
        if (outcome) report[outcome] += 1;
      } catch (e) {
        report.errors += 1;
        this.logger.warn({ paymentId: payment.id, channel: payment.channel, error: (e as Error).message }, 'could not reconcile a payment');
      }
      await this.payments.markReconciled(payment.id, now);
    }
    if (report.checked > 0 || report.requeuedCallbacks > 0) this.logger.log({ ...report }, 'reconciliation done');
    return report;
  }

  private async reconcileOne(payment: PaymentRecord, now: Date): Promise<'settled' | 'failed' | 'expired' | null> {
    const channel = await this.channels.byCode(payment.channel);
    if (!channel || !this.providers.has(channel.provider)) return null;
    const state = await this.access.providerOf(channel).queryPayment({
      channel: this.access.open(channel),
      paymentId: payment.id,
      providerRef: payment.providerRef,
      signal: AbortSignal.timeout(routingSettingsOf(channel.settings).timeoutMs),
    });
    if (state.status === 'succeeded') {
      if (!state.providerTxnId || state.amountMinor === undefined) {
        this.logger.warn({ paymentId: payment.id }, 'the provider reports a payment paid without its transaction or amount; left for a person');
        return null;
      }
      const result = await this.settlement.settle(
        payment.id,
        { channel: payment.channel, providerTxnId: state.providerTxnId, amountMinor: state.amountMinor, currency: state.currency ?? payment.currency },
        'reconciliation',
      );
      return result.outcome === 'settled' ? 'settled' : null;
    }
    if (state.status === 'failed') return (await this.payments.close(payment.id, 'failed', now)) ? 'failed' : null;
    if (payment.expiresAt <= now) return (await this.payments.close(payment.id, 'expired', now)) ? 'expired' : null;
    return null;
  }
}
