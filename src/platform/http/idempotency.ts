import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  RequestMethod,
  SetMetadata,
} from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import { BusinessRuleError, ConflictError, ValidationError } from './app-error';
import { stableStringify } from './stable-stringify';

const IDEMPOTENT = 'platform:idempotent';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Makes a create endpoint accept `Idempotency-Key`: the first response is stored and replayed to a
 * retry with the same key; the same key with a different request is refused with 422.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Any unique string (a UUID is best). A retry with the same key returns the first response.',
    }),
  );
}

interface StoredResponse {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/**
 * The key is claimed first (committed at once), the handler runs with its own transactions, and
 * the response is stored when it succeeds. A retry with the same key gets the stored response; one
 * that arrives while the first is still running gets 409 `idempotency_key_in_progress` (retry
 * later); a failed request leaves no key behind, so it can simply be retried. The key is never
 * held inside the handler's transaction: a handler that calls out (a payment provider) must not
 * pin a database connection while it waits.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) {
      return next.handle();
    }
    const req = context.switchToHttp().getRequest<Request & { principal?: string }>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1-255 visible ASCII characters');
    }
    const status = this.successStatusOf(context);
    return from(this.run(req, res, key, status, next));
  }

  private async run(
    req: Request & { principal?: string },
    res: Response,
    key: string,
    status: number,
    next: CallHandler,
  ): Promise<unknown> {
    const scope = `${req.method} ${req.route?.path ?? req.path} ${req.principal ?? 'anonymous'}`;
    const requestHash = createHash('sha256')
      .update(stableStringify({ params: req.params, query: req.query, body: req.body }))
      .digest('hex');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.IDEMPOTENCY_TTL_HOURS * 3_600_000);

    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO platform.idempotency_keys
         (scope, key, request_hash, response_status, response_body, created_at, expires_at)
       VALUES ($1, $2, $3, 0, NULL, $4, $5)
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, response_status = 0, response_body = NULL,
             created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= EXCLUDED.created_at
       RETURNING key`,
      [scope, key, requestHash, now, expiresAt],
    );
    if (claimed.length === 0) return this.replay(scope, key, requestHash, res);

    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.dataSource.query(`DELETE FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
      throw error;
    }
    await this.dataSource.query(
      `UPDATE platform.idempotency_keys SET response_status = $3, response_body = $4::jsonb
        WHERE scope = $1 AND key = $2`,
      [scope, key, status, body === undefined ? null : JSON.stringify(body)],
    );
    return body;
  }

  private async replay(scope: string, key: string, requestHash: string, res: Response): Promise<unknown> {
    const [stored] = (await this.dataSource.query(
      `SELECT request_hash, response_status, response_body FROM platform.idempotency_keys
        WHERE scope = $1 AND key = $2`,
      [scope, key],
    )) as StoredResponse[];
    if (!stored || stored.request_hash !== requestHash) {
      throw new BusinessRuleError(
        'This Idempotency-Key was already used with a different request; use a new key for a new request',
        'idempotency_key_reused',
      );
    }
    if (stored.response_status === 0) {
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly', 'idempotency_key_in_progress');
    }
    res.status(stored.response_status);
    res.setHeader('Idempotent-Replayed', 'true');
    return stored.response_body ?? undefined;
  }

  private successStatusOf(context: ExecutionContext): number {
    const explicit = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    if (explicit) return explicit;
    const method = this.reflector.get<RequestMethod>(METHOD_METADATA, context.getHandler());
    return method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK;
  }
}
