import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../../platform/http/app-error';

/** 404: no member has this referral code. */
export class ReferralCodeNotFoundError extends AppError {
  constructor(code: string) {
    super(HttpStatus.NOT_FOUND, 'referral_code_not_found', `No member has the referral code ${code}`, { code });
  }
}

/** 409: the member has a referrer already; only an admin can move them. */
export class AlreadyBoundError extends AppError {
  constructor() {
    super(HttpStatus.CONFLICT, 'already_bound', 'You are already bound to a referrer; only the shop can change it');
  }
}

/** 422: a member cannot refer themselves. */
export class SelfReferralError extends AppError {
  constructor() {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'self_referral', 'A member cannot be their own referrer');
  }
}

/** 422: the referrer is in the member's own team: binding would close a loop. */
export class ReferralCycleError extends AppError {
  constructor() {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'referral_cycle', 'The referrer is a member of this member\'s own team; binding would make a cycle');
  }
}

/** 422: the wallet's balance does not cover the withdrawal. */
export class InsufficientBalanceError extends AppError {
  constructor(balanceMinor: number, askedMinor: number) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'insufficient_balance', `The wallet holds ${balanceMinor}; ${askedMinor} was asked for`, {
      balanceMinor,
      askedMinor,
    });
  }
}
