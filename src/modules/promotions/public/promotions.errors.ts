import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';

/** 422: the coupon exists but cannot be used on this order (the reason says why). */
export class CouponNotApplicableError extends AppError {
  constructor(code: string, reason: string) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'coupon_not_applicable', `Coupon ${code} cannot be used: ${reason}`, { coupon: code, reason });
  }
}

/** 404: no coupon has this code. */
export class CouponNotFoundError extends AppError {
  constructor(code: string) {
    super(HttpStatus.NOT_FOUND, 'coupon_not_found', `No coupon has the code ${code}`, { coupon: code });
  }
}

/** 409: every use of the coupon is taken (by paid orders or orders waiting for payment), or this buyer's share is. */
export class CouponUsedUpError extends AppError {
  constructor(code: string, which: 'total' | 'per_buyer') {
    super(
      HttpStatus.CONFLICT,
      'coupon_used_up',
      which === 'total' ? `Coupon ${code} has no uses left` : `You have used coupon ${code} as often as it allows`,
      { coupon: code, limit: which },
    );
  }
}
