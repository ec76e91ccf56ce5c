import type { BrowserContextOptions, Page } from 'playwright-core';
import { goodsWithKeys, payOnSandbox, placeOrder, sandboxChannel } from '../orders/buy-flow-helpers';
import { drainEvents } from '../support/drain-events';
import { bearer, type TestApp } from '../support/test-app';
import { screenshot } from './support/browser';
import { useBrowserShop } from './support/browser-shop';

/**
 * The storefront as a buyer uses it: Debian's Chromium (headless) against the real app on a real
 * port, talking to the public API only. The pages come from the build (`npm run build`, or WEB_DIR).
 */
describe('the storefront in a browser', () => {
  const browserShop = useBrowserShop('index.html', {
    viewport: { width: 1280, height: 860 },
    locale: 'zh-CN',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  let shop: TestApp & { baseUrl: string };
  let owner: string;
  beforeEach(() => {
    ({ shop, owner } = browserShop);
  });
  const openPage = (options: BrowserContextOptions = {}) => browserShop.openPage(options);

  // Browser-side expressions are passed as strings: the tests' TypeScript has no DOM types.
  const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const status = async (orderNo: string) =>
    (await shop.dataSource.query(`SELECT status FROM orders.orders WHERE order_no = $1`, [orderNo]))[0]?.status as string | undefined;

  it('a buyer sees price and stock, buys one key on the sandbox channel, gets it on the order page and copies it', async () => {
    const { secrets } = await goodsWithKeys(shop, owner, 3);
    await sandboxChannel(shop, owner, { code: 'sandbox-b', priority: 20 });
    const { page, errors } = await openPage();

    await page.goto(`${shop.baseUrl}/`);
    const card = page.locator('[data-test=goods-card]', { hasText: 'Steam wallet 100' });
    await card.waitFor();
    expect((await card.locator('[data-test=price]').textContent())?.trim()).toBe('¥100.00');
    expect((await card.locator('[data-test=stock]').textContent())?.trim()).toBe('仅剩 3 件');
    await screenshot(page, 'store-catalogue');

    await card.click();
    await page.locator('[data-test=goods-title]').waitFor();
    await page.locator('[data-test=quote] [data-test=total]', { hasText: '¥100.00' }).waitFor();
    await screenshot(page, 'store-goods');

    await page.locator('[data-test=buy]').click();
    await page.locator('[data-test=checkout]').waitFor();
    await page.locator('[data-test=contact]').fill('buyer@example.com');
    await page.locator('[data-test=query-password]').fill('open-sesame');
    await page.locator('[data-test=quote] [data-test=total]', { hasText: '¥100.00' }).waitFor();
    // Both enabled channels are offered, the shop's first one picked; the buyer picks the other.
    expect(await page.locator('[data-test=channels] label').allTextContents()).toEqual(['Sandbox sandbox', 'Sandbox sandbox-b']);
    await page.locator('[data-test=channel-sandbox-b]').check();
    await screenshot(page, 'store-checkout');

    await page.locator('[data-test=place-order]').click();
    await page.locator('[data-test=pay]').waitFor();
    const orderNo = await text(page, '[data-test=order-no]');
    expect(orderNo).toMatch(/^\d{8}-[A-Z0-9]{8}$/);
    expect(await text(page, '[data-test=order-status]')).toBe('待付款');
    expect(page.url()).toBe(`${shop.baseUrl}/#/orders/${orderNo}`);
    const [{ payment_channel: paidWith }] = await shop.dataSource.query(`SELECT payment_channel FROM orders.orders WHERE order_no = $1`, [orderNo]);
    expect(paidWith).toBe('sandbox-b');
    await screenshot(page, 'store-pay');

    // The sandbox's hosted page, as a real provider's would be: pay, then follow its link back.
    await page.locator('[data-test=pay-now]').click();
    await page.waitForURL(/\/api\/payments\/sandbox\/pay\//);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByText('Payment complete.').waitFor();
    await drainEvents(shop.app);
    await page.getByRole('link', { name: 'Back to the shop' }).click();

    await page.locator('[data-test=delivered]').waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${shop.baseUrl}/#/orders/${orderNo}`);
    expect(await text(page, '[data-test=order-status]')).toBe('已发货');
    const shown = await page.locator('[data-test=key-secret]').allTextContents();
    expect(shown).toHaveLength(1);
    expect(secrets).toContain(shown[0]);
    expect(await status(orderNo)).toBe('delivered');
    await screenshot(page, 'store-order-delivered');

    await page.locator('[data-test=key] [data-test=copy]').click();
    await page.locator('[data-test=key] [data-test=copy]', { hasText: '已复制' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(shown[0]);

    // The catalogue counts the sold key at once.
    await page.goto(`${shop.baseUrl}/`);
    await page.locator('[data-test=goods-card] [data-test=stock]', { hasText: '仅剩 2 件' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('finds an order by number, contact and password, switches language, and opens a support ticket on it', async () => {
    const { goodsId, secrets } = await goodsWithKeys(shop, owner, 2);
    const placed = await placeOrder(shop, { goodsId, quantity: 1, contact: 'lookup@example.com', queryPassword: 'my-secret-pw' });
    expect(placed.status).toBe(201);
    await payOnSandbox(shop, placed.body.payment.paymentId);
    const { page, errors } = await openPage();

    await page.goto(`${shop.baseUrl}/`);
    await page.locator('[data-test=nav-lookup]').click();
    await page.locator('[data-test=lookup-order-no]').fill(placed.body.orderNo);
    await page.locator('[data-test=lookup-contact]').fill('lookup@example.com');
    await page.locator('[data-test=lookup-password]').fill('my-secret-pw');
    await screenshot(page, 'store-lookup');
    await page.locator('[data-test=lookup-submit]').click();
    await page.locator('[data-test=delivered]').waitFor();
    expect(secrets).toContain(await text(page, '[data-test=key-secret]'));
    expect(page.url()).not.toContain('my-secret-pw');

    // Chinese from the browser (zh-CN); English at a click, kept across a reload; and back.
    expect(await text(page, '[data-test=nav-lookup]')).toBe('查询订单');
    await page.locator('[data-test=language]').click();
    expect(await text(page, '[data-test=nav-lookup]')).toBe('Find order');
    expect(await text(page, '[data-test=order-status]')).toBe('Delivered');
    await page.reload();
    await page.locator('[data-test=delivered]').waitFor();
    expect(await text(page, '[data-test=order-status]')).toBe('Delivered');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    await page.locator('[data-test=language]').click();
    expect(await text(page, '[data-test=order-status]')).toBe('已发货');

    // A ticket on this order: the tab still holds the order's credentials, so none are asked again.
    await page.locator('[data-test=open-ticket]').click();
    await page.locator('[data-test=ticket-subject]').fill('The key says it was used');
    await page.locator('[data-test=ticket-message]').fill('Redeeming it fails with "already redeemed".');
    await page.locator('[data-test=ticket-submit]').click();
    await page.locator('[data-test=ticket]').waitFor();
    expect(await text(page, '[data-test=ticket-message]')).toContain('already redeemed');
    const [ticket] = await shop.dataSource.query(`SELECT subject, order_no FROM support.tickets WHERE order_no = $1`, [placed.body.orderNo]);
    expect(ticket).toMatchObject({ subject: 'The key says it was used' });
    await screenshot(page, 'store-ticket');
    expect(errors).toEqual([]);
  });

  it('says clearly when the last key went to someone else between the checkout form and the click', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const { page, errors } = await openPage();
    await page.goto(`${shop.baseUrl}/#/checkout/${goodsId}?qty=1`);
    await page.locator('[data-test=contact]').fill('late@example.com');
    await page.locator('[data-test=query-password]').fill('open-sesame');
    const other = await placeOrder(shop, { goodsId, quantity: 1 });
    expect(other.status).toBe(201);

    await page.locator('[data-test=place-order]').click();
    expect(await text(page, '[data-test=checkout-error]')).toBe('库存不足，请减少数量或稍后再试。');
    await page.locator('[data-test=checkout] [data-test=stock]', { hasText: '已售罄' }).waitFor();
    expect(page.url()).toContain(`/#/checkout/${goodsId}`);
    expect(await shop.dataSource.query(`SELECT 1 FROM orders.orders WHERE contact = 'late@example.com'`)).toEqual([]);
    // The browser logs the refused request itself; nothing else may be logged.
    expect(errors).toEqual([expect.stringMatching(/status of 409/)]);
  });

  it('a member registers and sees their points, level and referral link', async () => {
    const { page, errors } = await openPage({ locale: 'en-US' });
    const email = `member-${Date.now()}@example.com`;
    await page.goto(`${shop.baseUrl}/?ref=AB3K7QPX#/account`);
    await page.locator('[data-test=tab-register]').click();
    await page.locator('[data-test=member-email]').fill(email);
    await page.locator('[data-test=member-password]').fill('a long enough password');
    await page.locator('[data-test=member-submit]').click();
    await page.locator('[data-test=referral-code]').waitFor();
    expect(await text(page, '[data-test=points]')).toBe('0');
    const code = await text(page, '[data-test=referral-code]');
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(await page.locator('[data-test=referral-link]').inputValue()).toBe(`${shop.baseUrl}/?ref=${code}`);
    expect(await text(page, '[data-test=nav-account]')).toBe('My account');
    // The sign-in lives in this tab's sessionStorage, never in localStorage.
    expect(await page.evaluate<boolean>("Object.keys(localStorage).some((k) => k.includes('member'))")).toBe(false);
    await screenshot(page, 'store-member');
    expect(errors).toEqual([]);
  });

  it('works on a phone screen', async () => {
    await goodsWithKeys(shop, owner, 20);
    const { page, errors } = await openPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    await page.goto(`${shop.baseUrl}/`);
    const card = page.locator('[data-test=goods-card]');
    await card.first().waitFor();
    expect(await text(page, '[data-test=stock]')).toBe('In stock');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'store-phone');
    await card.first().tap();
    await page.locator('[data-test=buy]').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });

  it('shows the effect of a 满减 (full-reduction) activity on the goods page, at checkout and on the order', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 5);
    const marketing = await shop.adminToken('marketing');
    const now = Date.now();
    const activity = await shop
      .http()
      .post('/admin/promotions/activities')
      .set(bearer(marketing))
      .send({
        name: '满100减15',
        scope: { goodsIds: [goodsId], categoryIds: [] },
        rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 10_000, offMinor: 1_500 }] },
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
      });
    expect(activity.status).toBe(201);
    const { page, errors } = await openPage();

    await page.goto(`${shop.baseUrl}/#/goods/${goodsId}`);
    await page.locator('[data-test=quote] [data-test=total]', { hasText: '¥85.00' }).waitFor();
    expect(await text(page, '[data-test=adjustment]')).toContain('-¥15.00');
    await screenshot(page, 'store-promotion');

    await page.locator('[data-test=buy]').click();
    await page.locator('[data-test=quote] [data-test=total]', { hasText: '¥85.00' }).waitFor();
    await page.locator('[data-test=contact]').fill('promo@example.com');
    await page.locator('[data-test=query-password]').fill('open-sesame');
    await page.locator('[data-test=place-order]').click();
    await page.locator('[data-test=pay] .price', { hasText: '¥85.00' }).waitFor();
    const [order] = await shop.dataSource.query(`SELECT total_minor FROM orders.orders WHERE contact = 'promo@example.com'`);
    expect(order.total_minor).toBe(8_500);
    expect(errors).toEqual([]);
  });
});
