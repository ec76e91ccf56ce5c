import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

/**
 * Where `vite build` (part of `npm run build`) put the storefront and the admin console: next to the
 * compiled server in dist/, and found from the sources (ts-node, jest) in the same dist/.
 */
export function webPagesDir(): string {
  // WEB_DIR: another build of the pages (front-end work, tests of a build made elsewhere).
  if (process.env.WEB_DIR) return process.env.WEB_DIR;
  const base = join(__dirname, '..', '..', '..');
  return __dirname.split(/[\\/]/).includes('dist') ? join(base, 'web') : join(base, 'dist', 'web');
}

// The pages load only their own scripts and styles; QR codes are data: images. Provider pages are
// reached by navigation or form posts, which this policy leaves alone.
const PAGE_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ');

/**
 * Serves the two single-page apps: `/` (storefront) and `/admin` (console). Both route with the URL
 * hash, so only these two paths and `/assets/*` are taken; every API path stays the API's.
 */
export function serveWebPages(app: NestExpressApplication, dir = webPagesDir()): void {
  const page = (file: string) => (_req: Request, res: Response) => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      res.status(404).json({ error: { code: 'web_not_built', message: 'The web pages are not built: run npm run build' } });
      return;
    }
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(path);
  };
  const express = app.getHttpAdapter().getInstance() as {
    get(path: string | string[], handler: (req: Request, res: Response) => void): void;
  };
  // `/orders/<orderNo>`: where payment providers send the buyer back (the store moves it to its hash route).
  express.get(['/', '/index.html', '/orders/:orderNo'], page('index.html'));
  express.get(['/admin', '/admin/'], page(join('admin', 'index.html')));
  // File names carry a content hash, so they can be cached for good.
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', fallthrough: true });
}
