import { createChannelAsAdmin } from '../support/admin-channels';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';

/** What a buyer sees of the payment channels at checkout: enabled ones, names and limits only. */
describe('payments: channels for the storefront', () => {
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp();
    await resetPlatformTables(shop.dataSource);
    await shop.dataSource.query(`TRUNCATE payments.channels CASCADE`);
    const finance = await shop.adminToken('finance');
    await createChannelAsAdmin(shop, finance, {
      code: 'sandbox-cny',
      provider: 'sandbox',
      displayName: 'Test pay',
      currency: 'CNY',
      priority: 1,
      minAmountMinor: 100,
      maxAmountMinor: 50_000,
      credentials: { secret: 'sandbox-secret-value-for-tests-1234567890' },
    });
    await createChannelAsAdmin(shop, finance, {
      code: 'sandbox-usd',
      provider: 'sandbox',
      displayName: 'Test USD',
      currency: 'USD',
      priority: 2,
      credentials: { secret: 'sandbox-secret-value-for-tests-0987654321' },
    });
    await createChannelAsAdmin(shop, finance, {
      code: 'sandbox-off',
      provider: 'sandbox',
      displayName: 'Switched off',
      currency: 'CNY',
      priority: 3,
      enabled: false,
      credentials: { secret: 'sandbox-secret-value-for-tests-1111111111' },
    });
  });
  afterAll(() => shop.close());

  it('lists enabled channels in order with their names and limits, and nothing secret', async () => {
    const res = await shop.http().get('/api/payments/channels').expect(200);
    expect(res.body).toEqual([
      { code: 'sandbox-cny', displayName: 'Test pay', provider: 'sandbox', currency: 'CNY', minAmountMinor: 100, maxAmountMinor: 50_000 },
      expect.objectContaining({ code: 'sandbox-usd', currency: 'USD' }),
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/secret|credential|settings|feeBps/i);
  });

  it('filters by currency and by the amount a channel takes', async () => {
    expect((await shop.http().get('/api/payments/channels?currency=USD').expect(200)).body.map((c: { code: string }) => c.code)).toEqual(['sandbox-usd']);
    expect((await shop.http().get('/api/payments/channels?currency=CNY&amountMinor=60000').expect(200)).body).toEqual([]);
    expect((await shop.http().get('/api/payments/channels?currency=CNY&amountMinor=1000').expect(200)).body).toHaveLength(1);
  });

  it('refuses a malformed filter with 400', async () => {
    const bad = await shop.http().get('/api/payments/channels?currency=cny&amountMinor=-5').expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/currency/);
    expect(JSON.stringify(bad.body)).toMatch(/amountMinor/);
  });
});
