import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { resolveRequestId } from '../http/request-id';

/**
 * JSON logs through pino, each line of a request carrying its request id. Credentials and
 * secrets are redacted at the logger, so a careless log call cannot leak them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["idempotency-key"]',
  'req.headers["x-ticket-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.queryPassword',
  '*.secret',
  '*.token',
  '*.cardKey',
  '*.credentials',
  '*.refreshToken',
  '*.accessToken',
  '*.assertion',
  '*.currentPassword',
  '*.newPassword',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req: IncomingMessage) => resolveRequestId(req as never),
          customProps: () => ({ role: config.ROLE }),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
          transport: config.LOG_PRETTY ? { target: 'pino-pretty' } : undefined,
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}

/**
 * Payment callbacks may arrive as a GET whose query string is the whole signed notification
 * (epay): the path is logged, the query string never.
 */
export function loggableUrl(url: string): string {
  return url.startsWith('/api/payments/callbacks/') ? url.split('?')[0] : url;
}
