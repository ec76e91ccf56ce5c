import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { webPagesDir } from '../../../src/platform/http/web-pages';
import { resetShop, sandboxChannel } from '../../orders/buy-flow-helpers';
import { createListeningTestApp, resetPlatformTables, type TestApp } from '../../support/test-app';
import { collectPageErrors, launchBrowser } from './browser';

export interface BrowserShop {
  /** The app on a real port (set once `beforeAll` has run). */
  shop: TestApp & { baseUrl: string };
  /** An owner admin's token, new for each test, with the sandbox channel in place. */
  owner: string;
  /** A fresh browser context (closed after the test) and a page in it, with its errors collected. */
  openPage(options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
}

/**
 * The set-up every browser test file shares: the built page must exist (`npm run build`, or
 * WEB_DIR), the real app listens on a port, Chromium runs headless; each test starts from an empty
 * shop with an owner and the sandbox channel, and its browser contexts are closed after it.
 */
export function useBrowserShop(builtPage: string, defaults: BrowserContextOptions): BrowserShop {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const state = {
    shop: undefined as unknown as TestApp & { baseUrl: string },
    owner: '',
    async openPage(options: BrowserContextOptions = {}) {
      const context = await browser.newContext({ ...defaults, ...options });
      contexts.push(context);
      const page = await context.newPage();
      return { page, errors: collectPageErrors(page) };
    },
  };

  beforeAll(async () => {
    const page = join(webPagesDir(), builtPage);
    if (!existsSync(page)) throw new Error(`No build of ${page}: run npm run build (or set WEB_DIR)`);
    state.shop = await createListeningTestApp();
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    await resetPlatformTables(state.shop.dataSource);
    await resetShop(state.shop);
    state.owner = await state.shop.adminToken('owner');
    await sandboxChannel(state.shop, state.owner);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await state.shop?.close();
  });
  return state;
}
