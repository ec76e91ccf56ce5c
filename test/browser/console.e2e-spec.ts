import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { importKeys } from '../card-keys/vault-helpers';
import { goodsWithKeys, payOnSandbox, placeOrder } from '../orders/buy-flow-helpers';
import { resetSupport } from '../support-tickets/support-tickets-helpers';
import { bearer, type TestApp } from '../support/test-app';
import { screenshot } from './support/browser';
import { useBrowserShop } from './support/browser-shop';

/**
 * The admin console as the shop's staff use it: Debian's Chromium (headless) against the real app on
 * a real port; the console talks to the admin REST API only, with the token pasted at sign-in.
 */
describe('the admin console in a browser', () => {
  const browserShop = useBrowserShop(join('admin', 'index.html'), { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  let shop: TestApp & { baseUrl: string };
  let owner: string;
  beforeEach(() => {
    ({ shop, owner } = browserShop);
  });

  async function signedIn(token: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await browserShop.openPage();
    await page.goto(`${shop.baseUrl}/admin`);
    await page.locator('[data-test=token]').fill(token);
    await page.locator('[data-test=sign-in]').click();
    await page.locator('nav [data-nav=dashboard]').waitFor();
    // Sign-in learns the token's roles by asking each screen's list once (the API has no "who am I"):
    // the browser logs each 403 of that probe as a failed load. Everything after must be clean.
    errors.length = 0;
    return { page, errors };
  }

  const menu = async (page: Page) => page.locator('nav [data-nav]').evaluateAll((links) => links.map((l) => l.getAttribute('data-nav')));
  const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const notice = (page: Page, contains: string) => page.locator('[data-test=notice]', { hasText: contains }).waitFor();

  async function confirmWithReason(page: Page, reason: string) {
    const dialog = page.locator('[data-test=dialog]');
    await dialog.locator('textarea[name=reason]').fill(reason);
    await dialog.locator('[data-test=dialog-confirm]').click();
  }

  it('refuses a wrong token with the API’s message and keeps nothing', async () => {
    const { page, errors } = await browserShop.openPage();
    await page.goto(`${shop.baseUrl}/admin`);
    await page.locator('[data-test=token]').waitFor();
    await screenshot(page, 'admin-signin');

    await page.locator('[data-test=token]').fill(`csa_${'x'.repeat(43)}`);
    await page.locator('[data-test=sign-in]').click();
    expect(await page.locator('[data-test=sign-in-error]').textContent()).toContain('The admin token is unknown, revoked or expired');
    expect(await page.evaluate("sessionStorage.getItem('cardshop.admin.token')")).toBeNull();

    await page.locator('[data-test=token]').fill('not a token');
    await page.locator('[data-test=sign-in]').click();
    expect(await page.locator('[data-test=sign-in-error]').textContent()).toContain('csa_');
    // The browser logs the 401 as a failed resource load; that is the test, not a page error.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('an operator creates goods, imports 50 keys (2 duplicates) and sees the progress finish and the stock rise', async () => {
    const category = await shop.http().post('/admin/categories').set(bearer(owner)).send({ name: '游戏点卡', slug: 'game-cards' });
    const operator = await shop.adminToken('operator');
    const { page, errors } = await signedIn(operator);
    // The operator's screens only: no promotions, channels or withdrawals.
    expect(await menu(page)).toEqual(['dashboard', 'goods', 'import', 'orders', 'members', 'deadLetters']);

    await page.locator('nav [data-nav=goods]').click();
    await page.locator('[data-test=new-goods]').click();
    const form = page.locator('[data-test=goods-form]');
    await form.locator('input[name=title]').fill('王者荣耀 60 点券');
    await form.locator('select[name=categoryId]').selectOption(category.body.id);
    await form.locator('input[name=price]').fill('6.5');
    await form.locator('[data-test=save-goods]').click();
    await notice(page, '商品已创建');
    const row = page.locator('tr[data-goods="王者荣耀 60 点券"]');
    expect(await row.locator('td.num').first().textContent()).toBe('¥6.50');
    await screenshot(page, 'admin-goods');

    const [goods] = await shop.dataSource.query(`SELECT id, price_minor FROM goods.goods WHERE title = $1`, ['王者荣耀 60 点券']);
    expect(goods.price_minor).toBe(650);
    // Five keys were already in the vault; two of them come again in the pasted text.
    const existing = Array.from({ length: 5 }, (_, i) => `OLD-KEY-${i}`);
    await importKeys(shop, operator, goods.id, existing);

    await row.getByText('导入卡密').click();
    await page.locator('[data-test=stock-available]', { hasText: '5' }).waitFor();
    const pasted = [...Array.from({ length: 48 }, (_, i) => `NEW-KEY-${String(i).padStart(3, '0')}`), existing[1], existing[3]];
    await page.locator('[data-test=import-text]').fill(pasted.join('\n'));
    await page.locator('[data-test=start-import]').click();

    await page.locator('[data-test=import-status]', { hasText: '已完成' }).waitFor({ timeout: 30_000 });
    expect(await text(page, '[data-test=count-imported]')).toBe('48');
    expect(await text(page, '[data-test=count-duplicates]')).toBe('2');
    expect(await text(page, '[data-test=count-invalid]')).toBe('0');
    expect(await page.locator('[data-test=progress]').getAttribute('aria-valuenow')).toBe('50');
    expect(await page.locator('[data-test=progress]').getAttribute('aria-valuemax')).toBe('50');
    await page.locator('[data-test=stock-available]', { hasText: '53' }).waitFor();
    await notice(page, '导入完成：导入 48，重复 2，无效 0');
    await screenshot(page, 'admin-import');

    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.keys WHERE goods_id = $1 AND status = 'available'`, [goods.id]);
    expect(n).toBe(53);
    expect(errors).toEqual([]);
  });

  it('a marketing user sets up 满100减10 with a preview, and the storefront price reflects it', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 3, { title: 'Steam 充值卡 120', priceMinor: 12_000 });
    const marketing = await shop.adminToken('marketing');
    const { page, errors } = await signedIn(marketing);
    expect(await menu(page)).toEqual(['dashboard', 'promotions', 'experiments', 'members', 'referrals']);

    await page.locator('nav [data-nav=promotions]').click();
    await page.locator('[data-test=new-activity]').click();
    const form = page.locator('[data-test=activity-form]');
    await form.locator('input[name=name]').fill('满100减10');
    await form.locator('input[name=threshold-0]').fill('100');
    await form.locator('input[name=off-0]').fill('10');
    await form.locator('[data-test=preview-draft]').click();
    await form.locator('[data-test=preview-discount]', { hasText: '-¥10.00' }).waitFor();
    expect(await text(page, '[data-test=preview-total]')).toBe('¥110.00');
    expect(await text(page, '[data-test=preview-result]')).toContain('满100减10');
    // A preview records nothing: the quote is still the list price.
    const before = await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1 });
    expect(before.body.totalMinor).toBe(12_000);

    await form.locator('[data-test=save-activity]').click();
    await notice(page, '活动已创建');
    await page.locator('tr[data-activity="满100减10"]', { hasText: '满¥100.00减¥10.00' }).waitFor();
    await screenshot(page, 'admin-promotions');

    // What a buyer's browser gets from the public quote endpoint, asked from the console's page.
    const quote = await page.evaluate(async (id) => {
      const res = await fetch('/api/orders/quote', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ goodsId: id, quantity: 1 }) });
      return (await res.json()) as { subtotalMinor: number; adjustmentMinor: number; totalMinor: number; adjustments: unknown[] };
    }, goodsId);
    expect(quote).toMatchObject({ subtotalMinor: 12_000, adjustmentMinor: -1_000, totalMinor: 11_000 });
    expect(JSON.stringify(quote.adjustments)).toContain('满100减10');

    const [audit] = await shop.dataSource.query(`SELECT action, actor_label FROM platform.audit_log WHERE action LIKE 'promotions.activity.%'`);
    expect(audit.action).toBe('promotions.activity.create');
    expect(audit.actor_label).toMatch(/^marketing-/);
    expect(errors).toEqual([]);
  });

  it('re-sends and refunds a paid order with reasons, and the order page shows the audit', async () => {
    const { goodsId, secrets } = await goodsWithKeys(shop, owner, 2);
    const order = await placeOrder(shop, { goodsId, contact: 'buyer@example.com' });
    await payOnSandbox(shop, order.body.payment.paymentId);
    const orderNo = order.body.orderNo as string;
    const { page, errors } = await signedIn(owner);

    await page.locator('nav [data-nav=orders]').click();
    await page.locator('input[name=orderNo]').fill(orderNo);
    await page.locator('[data-test=order-search]').click();
    await page.locator(`tr[data-order="${orderNo}"]`, { hasText: '已发货' }).waitFor();
    await screenshot(page, 'admin-orders');

    await page.locator(`tr[data-order="${orderNo}"] a`).click();
    await page.locator('[data-test=order-no]', { hasText: orderNo }).waitFor();
    await page.locator('[data-test=action-resend]').click();
    await confirmWithReason(page, '买家说邮件丢了');
    await notice(page, '卡密已重新显示');
    const shown = await text(page, '[data-test=order-keys]');
    expect(secrets.some((s) => shown.includes(s))).toBe(true);

    await page.locator('[data-test=action-refund]').click();
    await confirmWithReason(page, '买家申请退款，已核实');
    await notice(page, '已退款');
    await page.locator('[data-test=order-status]', { hasText: '已退款' }).waitFor();
    const audit = page.locator('[data-test=order-audit]');
    await audit.locator('tr', { hasText: 'orders.refund' }).filter({ hasText: '买家申请退款，已核实' }).waitFor();
    await audit.locator('tr', { hasText: 'orders.resend-keys' }).filter({ hasText: '买家说邮件丢了' }).waitFor();
    expect(await text(page, '[data-test=order-history]')).toContain('已退款');
    await screenshot(page, 'admin-order-detail');

    const [row] = await shop.dataSource.query(`SELECT status FROM orders.orders WHERE order_no = $1`, [orderNo]);
    expect(row.status).toBe('refunded');
    expect(errors).toEqual([]);
  });

  it('shows every main screen to the owner, in Chinese and in English', async () => {
    await resetSupport(shop);
    const { goodsId } = await goodsWithKeys(shop, owner, 12, { title: '网易 100 点' });
    const low = await goodsWithKeys(shop, owner, 2, { title: '腾讯 Q 币 10' });
    await shop.http().put(`/admin/card-keys/goods/${low.goodsId}/settings`).set(bearer(owner)).send({ reusable: false, lowStockThreshold: 5 });
    const order = await placeOrder(shop, { goodsId, contact: 'fan@example.com', visitorId: 'visitor-0001' });
    await payOnSandbox(shop, order.body.payment.paymentId);
    const activity = await shop.http().post('/admin/promotions/activities').set(bearer(owner)).send({
      name: 'B 组：满100减20', startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      rule: { kind: 'full_reduction', tiers: [{ thresholdMinor: 10_000, offMinor: 2_000 }] },
    });
    const experiment = await shop.http().post('/admin/promotions/experiments').set(bearer(owner)).send({
      key: 'fullreduction', name: '满减能否提升转化？',
      variants: [{ key: 'control', name: '原价', weight: 50, isControl: true }, { key: 'b', name: '满100减20', weight: 50, activityIds: [activity.body.id] }],
    });
    await shop.http().post(`/admin/promotions/experiments/${experiment.body.id}/start`).set(bearer(owner)).send({});
    for (let i = 0; i < 12; i += 1) await shop.http().post('/api/orders/quote').send({ goodsId, quantity: 1, visitorId: `visitor-${String(i).padStart(4, '0')}` });
    for (let i = 2; i < 6; i += 1) {
      const bought = await placeOrder(shop, { goodsId, contact: `v${i}@example.com`, visitorId: `visitor-${String(i).padStart(4, '0')}` });
      await payOnSandbox(shop, bought.body.payment.paymentId);
    }
    await shop.http().post('/api/members/register').send({ email: `member-${Date.now()}@example.com`, password: 'a-long-password', displayName: '小明' });
    await shop.http().post('/api/support/tickets').send({
      category: 'key_invalid', subject: '卡密提示已使用', message: '充值时提示卡密已被使用', orderNo: order.body.orderNo, contact: 'fan@example.com', queryPassword: 'open-sesame',
    });

    const { page, errors } = await signedIn(owner);
    await page.locator('[data-test=dashboard-stats] [data-test=stat-orders]').waitFor();
    await page.locator('[data-test=low-stock] tr', { hasText: '腾讯 Q 币 10' }).waitFor();
    // Five paid orders of ¥100 (the experiment's B visitors pay ¥80).
    expect(await text(page, '[data-test=stat-orders]')).toBe('5');
    await screenshot(page, 'admin-dashboard');

    const tour: Array<[string, string, string]> = [
      ['channels', '[data-channel=sandbox]', 'admin-channels'],
      ['experiments', 'text=满减能否提升转化？', ''],
      ['members', 'text=小明', 'admin-members'],
      ['referrals', 'text=默认佣金比例', 'admin-referrals'],
      ['withdrawals', 'text=提现审核', 'admin-withdrawals'],
      ['support', 'text=卡密提示已使用', 'admin-support'],
      ['deadLetters', 'text=没有死信', 'admin-dead-letters'],
    ];
    for (const [nav, ready, shot] of tour) {
      await page.locator(`nav [data-nav=${nav}]`).click();
      await page.locator(ready).first().waitFor();
      if (shot) await screenshot(page, shot);
    }

    await page.locator('nav [data-nav=experiments]').click();
    await page.locator('text=满减能否提升转化？').click();
    await page.locator('[data-test=experiment-chart] svg [data-variant=b] rect').waitFor({ state: 'attached' });
    await page.locator('[data-test=experiment-chart] svg [data-variant=control] rect').waitFor({ state: 'attached' });
    await screenshot(page, 'admin-experiment-report');

    await page.locator('nav [data-nav=support]').click();
    await page.locator('text=卡密提示已使用').click();
    await page.locator('[data-test=thread]', { hasText: '充值时提示卡密已被使用' }).waitFor();
    await page.locator('textarea[name=note]').fill('买家截图显示卡密已被使用，核查中');
    await page.getByRole('button', { name: '添加备注' }).click();
    await notice(page, '备注已添加');
    await page.locator('[data-test=thread]', { hasText: '核查中' }).waitFor();

    await page.locator('[data-test=language]').selectOption('en');
    await page.locator('nav [data-nav=promotions]', { hasText: 'Promotions & coupons' }).waitFor();
    await page.locator('nav [data-nav=dashboard]').click();
    await page.locator('text=Low stock').waitFor();

    await page.locator('[data-test=sign-out]').click();
    await page.locator('[data-test=token]').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('cardshop.admin.token')")).toBeNull();
    expect(errors).toEqual([]);
  });
});
