import { createTestApp, TestApp } from '../support/test-app';

describe('web pages served by the shop', () => {
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp();
  });
  afterAll(() => shop.close());

  it('serves the storefront at / and the console at /admin with a strict content policy', async () => {
    for (const path of ['/', '/admin', '/admin/']) {
      const res = await shop.http().get(path).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.text).toContain('<div id="app">');
    }
  });

  it('serves hashed assets for good and leaves API paths to the API', async () => {
    const html = (await shop.http().get('/').expect(200)).text;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await shop.http().get(script!).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await shop.http().get('/assets/nothing-here.js').expect(404);
    // An admin API path under /admin is still the API (401 without a token), not the console page.
    await shop.http().get('/admin/audit-log').expect(401);
  });
});
