// The integration events payments publishes (see orders/events.ts for why this file exists).
export { ChannelBreakerOpenedV1, PaymentMismatchV1, PaymentRefundedV1, PaymentSucceededV1 } from './public/payments.events';
