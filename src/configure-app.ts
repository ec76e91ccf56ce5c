import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from './platform/config/app-config';
import { servesApi } from './platform/config/process-role';
import { closeConnectionsWhileDraining } from './platform/lifecycle/graceful-shutdown';
import { resolveRequestId } from './platform/http/request-id';
import { serveWebPages } from './platform/http/web-pages';
import { httpMetricsMiddleware } from './platform/observability/http-metrics.middleware';
import { Metrics } from './platform/observability/metrics';

const OPERATIONS_PATHS = new Set(['/health', '/metrics']);

/**
 * Everything the HTTP app needs besides its modules; shared by main.ts and the e2e tests, so the
 * tests drive exactly what production serves.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // Signals are handled by main.ts (shutDownOnSignals); tests close their apps themselves.
  app.use(closeConnectionsWhileDraining);
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '2mb' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Request-Id', resolveRequestId(req as never));
    next();
  });
  app.use(httpMetricsMiddleware(app.get(Metrics)));

  if (!servesApi(config.ROLE)) {
    // A worker node answers only health checks and metrics scrapes.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (OPERATIONS_PATHS.has(req.path)) return next();
      res.status(404).json({ error: { code: 'not_found', message: 'This is a worker node; it serves no API' } });
    });
    return;
  }

  serveWebPages(app);

  if (config.DOCS_ENABLED) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Card shop API')
        .setDescription('Storefront (/api), admin (/admin), partner (/partner) and payment callbacks')
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'admin')
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  }
}
