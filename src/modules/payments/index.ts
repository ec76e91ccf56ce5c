// The public API of the payments module: the only file other modules may import.
export { PaymentsFacade } from './public/payments.facade';
export { PaymentsModule } from './payments.module';
