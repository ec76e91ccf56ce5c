import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from './app-error';
import { resolveRequestId } from './request-id';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** Turns every error into the one JSON envelope of DESIGN.md; unexpected ones become a bare 500. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toEnvelope(exception);
    body.error.requestId = resolveRequestId(req as never);
    if (status >= 500) {
      this.logger.error(
        { err: exception, requestId: body.error.requestId },
        `unhandled error on ${req.method} ${req.path}`,
      );
    }
    if (res.headersSent) return;
    res.status(status).json(body);
  }

  private toEnvelope(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        body: { error: { code: exception.code, message: exception.message, details: exception.details } },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const given = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const rawMessage = given.message ?? exception.message;
      const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : String(rawMessage);
      return {
        status,
        body: {
          error: {
            code: typeof given.code === 'string' ? given.code : (CODE_BY_STATUS[status] ?? `http_${status}`),
            message,
            details: given.details,
          },
        },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: { code: 'internal_error', message: 'Something went wrong on our side' } },
    };
  }
}
