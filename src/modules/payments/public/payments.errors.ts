import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';

/** 503: no enabled, healthy channel could open this payment. Nothing was created. */
export class NoPaymentChannelError extends AppError {
  constructor(details?: unknown) {
    super(HttpStatus.SERVICE_UNAVAILABLE, 'no_payment_channel', 'No payment channel can take this payment right now', details);
  }
}
