import type { OpenedPayment, OpenPaymentInput, PaymentSummary, RefundResult } from './payments.contracts';

/**
 * The payment gateway as orders sees it. Every method joins the caller's transaction.
 * Outcomes arrive asynchronously as PaymentSucceededV1 / PaymentRefundedV1 events.
 */
export abstract class PaymentsFacade {
  /**
   * Opens a payment on the best available channel: the preferred one if it is enabled, healthy and
   * within its limits, otherwise the next by priority; a channel that errors or times out is
   * skipped. Throws NoPaymentChannelError (503) when none can take it.
   */
  abstract openPayment(input: OpenPaymentInput): Promise<OpenedPayment>;

  /** Refunds a succeeded payment (whole by default). Flags it when the channel cannot refund. */
  abstract refund(input: { paymentId: string; amountMinor?: number; reason: string }): Promise<RefundResult>;

  /**
   * An admin confirms by hand that the order was paid (e.g. a bank transfer): settles the order's
   * pending payment through the same settlement path as a callback, so PaymentSucceededV1 follows.
   */
  abstract confirmManually(input: { orderId: string; providerTxnId: string; reason: string }): Promise<PaymentSummary>;

  abstract paymentsOf(orderId: string): Promise<PaymentSummary[]>;

  /** Channels a buyer may pick at checkout (enabled ones), by priority. */
  abstract availableChannels(): Promise<Array<{ code: string; displayName: string }>>;
}
