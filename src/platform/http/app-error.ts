import { HttpStatus } from '@nestjs/common';

/**
 * An error a module throws on purpose: it carries its HTTP status and a stable machine-readable
 * code, and reaches the client as `{ "error": { "code", "message", "details"? } }`.
 */
export class AppError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found', details?: unknown) {
    super(HttpStatus.NOT_FOUND, code, message, details);
  }
}

/** 409: the request clashes with the current state (out of stock, wrong order status, ...). */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(HttpStatus.CONFLICT, code, message, details);
  }
}

/** 422: the request is well formed but a business rule refuses it. */
export class BusinessRuleError extends AppError {
  constructor(message: string, code = 'business_rule_violated', details?: unknown) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(HttpStatus.BAD_REQUEST, 'validation_failed', message, details);
  }
}
