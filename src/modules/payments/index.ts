// The public API of the payments module: the only file other modules may import.
export { PaymentsFacade } from './public/payments.facade';
export type { OpenedPayment, OpenPaymentInput, PaymentStatus, PaymentSummary, RefundResult } from './public/payments.contracts';
export { PaymentMismatchV1, PaymentRefundedV1, PaymentSucceededV1 } from './public/payments.events';
export { NoPaymentChannelError } from './public/payments.errors';
export { PaymentsModule } from './payments.module';
