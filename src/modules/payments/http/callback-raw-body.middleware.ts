import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const CALLBACK_BODY_LIMIT = 256 * 1024;

export type RawBodyRequest = Request & { rawBody?: Buffer; rawBodyTooLarge?: boolean };

/**
 * Provider signatures cover the exact bytes sent, so callbacks need the raw body. JSON and form
 * bodies were already read by the global parsers, which keep the bytes in `req.rawBody` because the
 * app is created with `rawBody: true` (main.ts, test-app.ts). Any other media type (text/plain,
 * XML...) is still unread here: this reads it into `req.rawBody`, up to a limit.
 */
@Injectable()
export class CallbackRawBodyMiddleware implements NestMiddleware {
  use(req: RawBodyRequest, _res: Response, next: NextFunction): void {
    if (req.method === 'GET' || Buffer.isBuffer(req.rawBody) || req.readableEnded) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > CALLBACK_BODY_LIMIT) {
        req.off('data', onData).off('end', onEnd);
        req.resume();
        req.rawBodyTooLarge = true;
        next();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      req.rawBody = Buffer.concat(chunks);
      next();
    };
    req.on('data', onData).on('end', onEnd).once('error', next);
  }
}
