import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';
import type { OwnedRequest } from './request-owner.guard';

/** Counts and times every HTTP response by owning module, method, route pattern and status. */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request & OwnedRequest, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const module = req.ownerModule ?? 'platform';
      // The route pattern, never the raw URL: ids in paths would explode the label set.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ module, method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ module, method: req.method, route }, seconds);
    });
    next();
  };
}
