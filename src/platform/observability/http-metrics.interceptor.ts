import { CallHandler, ExecutionContext, Injectable, NestInterceptor, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { Metrics } from './metrics';
import { moduleLabelOf } from './module-label';

/**
 * Counts and times every HTTP request under the module that owns its controller (found from the
 * Nest module the controller is declared in), so `/metrics` shows traffic per business module.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor, OnApplicationBootstrap {
  private readonly ownerOf = new Map<unknown, string>();

  constructor(
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getControllers()) {
      this.ownerOf.set(wrapper.metatype, moduleLabelOf(wrapper.host?.metatype));
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const module = this.ownerOf.get(context.getClass()) ?? 'platform';
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    const stop = this.metrics.httpDuration.startTimer({ module, method: req.method, route });
    res.once('finish', () => {
      stop();
      this.metrics.httpRequests.inc({ module, method: req.method, route, status: String(res.statusCode) });
    });
    return next.handle();
  }
}
