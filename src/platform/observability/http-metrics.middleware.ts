import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';
import type { OwnedRequest } from './request-owner.guard';

/** Counts and times every HTTP response by owning module, method, route pattern and status. */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request & OwnedRequest, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      // The route pattern, never the raw URL: ids in paths would explode the label set. A request
      // no controller took (a 404, a body that failed to parse, a static page) belongs to no module;
      // a wildcard pattern there is a catch-all middleware's, not an endpoint.
      const module = req.ownerModule ?? 'none';
      const path = (req.route as { path?: string } | undefined)?.path;
      const route = path !== undefined && (req.ownerModule !== undefined || !path.includes('*')) ? path : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ module, method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ module, method: req.method, route }, seconds);
    });
    next();
  };
}
