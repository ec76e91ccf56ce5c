import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { goodsWithKeys, payOnSandbox, placeOrder } from '../orders/buy-flow-helpers';
import type { TestApp } from '../support/test-app';
import { useBrowserShop } from './support/browser-shop';

const FIELDS = [
  { key: 'account', label: 'Game account', type: 'number', required: true },
  { key: 'server', label: 'Server', type: 'text', required: false },
];

const manualGoods = async (shop: TestApp, owner: string) =>
  (await goodsWithKeys(shop, owner, 0, { title: 'Game top-up 100', deliveryType: 'manual', buyerFields: FIELDS })).goodsId;
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

/** Manual goods in the browser: the buyer answers the goods' fields at checkout, staff mark it fulfilled, the buyer sees the note. */
describe('manual goods in the storefront', () => {
  const browserShop = useBrowserShop('index.html', { viewport: { width: 1280, height: 860 }, locale: 'en-US' });

  it('asks for the fields, refuses a bad answer before sending, and shows the note once fulfilled', async () => {
    const { shop, owner } = browserShop;
    const goodsId = await manualGoods(shop, owner);
    const { page, errors } = await browserShop.openPage();

    await page.goto(`${shop.baseUrl}/#/checkout/${goodsId}`);
    await page.locator('[data-test=buyer-fields]').waitFor();
    expect(await page.locator('[data-test=buyer-fields] label').allTextContents()).toEqual(['Game account *', 'Server']);
    await page.locator('[data-test=contact]').fill('buyer@example.com');
    await page.locator('[data-test=query-password]').fill('open-sesame');
    await page.locator('[data-test=answer-account]').fill('12ab');
    await page.getByText('“Game account” does not look right.').waitFor();
    expect(await page.locator('[data-test=place-order]').isDisabled()).toBe(true);

    await page.locator('[data-test=answer-account]').fill('770012345');
    await page.locator('[data-test=place-order]').click();
    await page.locator('[data-test=pay]').waitFor();
    const orderNo = await text(page, '[data-test=order-no]');
    const [order] = await shop.dataSource.query(`SELECT id, payment_id, buyer_inputs FROM orders.orders WHERE order_no = $1`, [orderNo]);
    expect(order.buyer_inputs).toEqual({ account: '770012345' });

    await payOnSandbox(shop, order.payment_id);
    await page.reload();
    await page.locator('[data-test=manual-waiting]').waitFor();
    expect(await text(page, '[data-test=buyer-answers]')).toContain('770012345');

    const operator = await shop.adminToken('operator');
    const done = await shop.http().post(`/admin/orders/${order.id}/fulfil`).set('Authorization', `Bearer ${operator}`).send({ reason: 'topped up', note: 'Topped up account 770012345' });
    expect(done.status).toBe(200);
    await page.reload();
    await page.locator('[data-test=delivered]').waitFor();
    expect(await text(page, '[data-test=fulfilment-note]')).toBe('Topped up account 770012345');
    expect(await page.locator('[data-test=key-secret]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('manual goods in the admin console', () => {
  const browserShop = useBrowserShop(join('admin', 'index.html'), { viewport: { width: 1366, height: 900 }, locale: 'en-US' });

  it("shows the buyer's answers and marks a paid manual order fulfilled with a note", async () => {
    const { shop, owner } = browserShop;
    const goodsId = await manualGoods(shop, owner);
    const placed = await placeOrder(shop, { goodsId, buyerAnswers: { account: '770012345', server: 'eu-1' } });
    expect(placed.status).toBe(201);
    await payOnSandbox(shop, placed.body.payment.paymentId);

    const operator = await shop.adminToken('operator');
    const { page, errors } = await browserShop.openPage();
    await page.goto(`${shop.baseUrl}/admin`);
    await page.locator('[data-test=token]').fill(operator);
    await page.locator('[data-test=sign-in]').click();
    await page.locator('nav [data-nav]').first().waitFor();
    // Sign-in probes each screen once; the 403s of that probe are not this test's errors.
    errors.length = 0;

    await page.goto(`${shop.baseUrl}/admin#/orders/${placed.body.orderId}`);
    await page.locator('[data-test=buyer-answers]').waitFor();
    expect(await text(page, '[data-test=buyer-answers]')).toContain('770012345');
    await page.locator('[data-test=action-fulfil]').click();
    const dialog = page.locator('[data-test=dialog]');
    await dialog.locator('textarea[name=reason]').fill('topped up in the game console');
    await dialog.locator('textarea[name=note]').fill('Topped up account 770012345');
    await dialog.locator('[data-test=dialog-confirm]').click();
    await page.locator('[data-test=fulfilment-note]').waitFor();
    expect(await text(page, '[data-test=fulfilment-note]')).toBe('Topped up account 770012345');
    expect(await page.locator('[data-test=action-fulfil]').count()).toBe(0);
    const [row] = await shop.dataSource.query(`SELECT status, fulfilment_note FROM orders.orders WHERE id = $1`, [placed.body.orderId]);
    expect(row).toEqual({ status: 'delivered', fulfilment_note: 'Topped up account 770012345' });
    expect(errors).toEqual([]);
  });
});
