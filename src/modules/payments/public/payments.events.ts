import { IntegrationEvent } from '../../../platform/events';

/** A payment attempt was settled as paid, with the amount matching to the cent. Published once. */
@IntegrationEvent('payments.payment.succeeded', 1)
export class PaymentSucceededV1 {
  constructor(
    readonly paymentId: string,
    readonly orderId: string,
    readonly channel: string,
    readonly amountMinor: number,
    readonly currency: string,
    readonly providerTxnId: string,
    /** 'callback', 'reconciliation' or 'manual' (an admin confirmed it by hand). */
    readonly source: 'callback' | 'reconciliation' | 'manual',
    readonly succeededAt: string,
  ) {}
}

/** Money went back to the buyer (or was flagged for a person to send back). */
@IntegrationEvent('payments.payment.refunded', 1)
export class PaymentRefundedV1 {
  constructor(
    readonly paymentId: string,
    readonly orderId: string,
    readonly amountMinor: number,
    readonly currency: string,
    readonly outcome: 'refunded' | 'flagged',
    readonly reason: string,
    readonly refundedAt: string,
  ) {}
}

/**
 * A genuine notification reported an amount or currency that is not the payment's: nothing was
 * settled and a person must look (support opens a ticket on this).
 */
@IntegrationEvent('payments.payment.mismatch', 1)
export class PaymentMismatchV1 {
  constructor(
    readonly paymentId: string,
    readonly orderId: string,
    readonly channel: string,
    readonly expectedAmountMinor: number,
    readonly reportedAmountMinor: number,
    readonly expectedCurrency: string,
    readonly reportedCurrency: string,
    readonly providerTxnId: string,
    readonly detectedAt: string,
  ) {}
}

/** A channel's circuit breaker opened: it failed too often and is skipped until a probe succeeds. */
@IntegrationEvent('payments.channel.breaker-opened', 1)
export class ChannelBreakerOpenedV1 {
  constructor(
    readonly channelId: string,
    readonly channel: string,
    /** When one probe call will be let through again. */
    readonly retryInMs: number,
    readonly openedAt: string,
  ) {}
}
