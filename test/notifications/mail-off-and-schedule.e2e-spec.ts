import { Scheduler } from '../../src/platform/queue/scheduler';
import { goodsWithKeys, lookup, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, type TestApp } from '../support/test-app';
import { createMailApp, emailRows, resetNotifications } from './notifications-helpers';
import { SmtpTestServer } from './smtp-test-server';

async function deliverAnOrder(shop: TestApp) {
  await resetPlatformTables(shop.dataSource);
  await resetShop(shop);
  await resetNotifications(shop);
  const owner = await shop.adminToken('owner');
  await sandboxChannel(shop, owner);
  const { goodsId } = await goodsWithKeys(shop, owner, 1);
  const placed = await placeOrder(shop, { goodsId });
  await payOnSandbox(shop, placed.body.payment.paymentId);
  const seen = await lookup(shop, placed.body.orderNo);
  expect(seen.body.status).toBe('delivered');
  return { orderNo: placed.body.orderNo as string, key: seen.body.keys[0].secret as string };
}

describe('notifications: the send schedule, and e-mail off', () => {
  it('the schedule sends by itself, a few seconds after delivery', async () => {
    const smtp = await SmtpTestServer.start();
    const shop = await createMailApp(smtp, { withSchedule: true, env: { MERCHANT_ALERT_EMAILS: '' } });
    try {
      expect(shop.app.get(Scheduler).names()).toContain('notifications.send-emails');
      const order = await deliverAnOrder(shop);
      const [mail] = await smtp.waitFor(1, 20_000);
      expect(mail.parsed.subject).toContain(order.orderNo);
      expect(mail.parsed.text).toContain(order.key);
    } finally {
      await shop.close();
      await smtp.stop();
    }
  });

  it('without SMTP_URL nothing is queued or scheduled, and orders are delivered as ever', async () => {
    const shop = await createTestApp({ env: { MERCHANT_ALERT_EMAILS: 'merchant@shop.example' } });
    try {
      expect(shop.app.get(Scheduler).names()).not.toContain('notifications.send-emails');
      await deliverAnOrder(shop);
      expect(await emailRows(shop)).toEqual([]);
      const owner = await shop.adminToken('owner');
      const list = await shop.http().get('/admin/notifications/emails').set({ Authorization: `Bearer ${owner}` });
      expect(list.body).toMatchObject({ total: 0, items: [] });
    } finally {
      await shop.close();
    }
  });
});
