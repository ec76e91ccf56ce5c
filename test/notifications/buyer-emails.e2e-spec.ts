import { OrderDeliveredV1 } from '../../src/modules/orders/events';
import { FixedClock } from '../../src/platform/clock/clock';
import { bearer, goodsWithKeys, lookup, payOnSandbox, placeOrder } from '../orders/buy-flow-helpers';
import { type TestApp } from '../support/test-app';
import { emailRows, notificationsTablesAsText, publishAndDrain, sendDue, useMailShop } from './notifications-helpers';
import { SmtpTestServer } from './smtp-test-server';

const T0 = new Date('2026-11-24T12:00:00Z');

/** Buyers whose contact is an e-mail address get their keys, and later their refund, by e-mail. Real orders throughout. */
describe('notifications: e-mails to buyers', () => {
  const clock = new FixedClock(T0);
  // No merchant alerts here (goods start with a low-stock threshold of 10): only the buyer's e-mails.
  const mail = useMailShop({ clock, startAt: T0 });
  let smtp: SmtpTestServer;
  let shop: TestApp;
  let owner: string;
  beforeEach(() => {
    ({ shop, smtp, owner } = mail);
  });

  /** Places and pays an order like a buyer; returns it with the keys the buyer can look up. */
  async function deliveredOrder(fields: Record<string, unknown> = {}, goods: Record<string, unknown> = {}) {
    const { goodsId } = await goodsWithKeys(shop, owner, 3, goods);
    const placed = await placeOrder(shop, { goodsId, quantity: 2, contact: 'buyer@example.com', ...fields });
    expect(placed.status).toBe(201);
    await payOnSandbox(shop, placed.body.payment.paymentId);
    const seen = await lookup(shop, placed.body.orderNo, 'open-sesame', String(fields.contact ?? 'buyer@example.com'));
    expect(seen.body.status).toBe('delivered');
    return { goodsId, orderId: placed.body.orderId as string, orderNo: placed.body.orderNo as string, keys: (seen.body.keys as Array<{ secret: string }>).map((k) => k.secret) };
  }

  it("e-mails a delivered order's keys in Chinese by default, with the order number and the lookup link, and stores no key", async () => {
    const order = await deliveredOrder();
    expect(order.keys).toHaveLength(2);

    const [row] = await emailRows(shop);
    expect(row).toMatchObject({ kind: 'buyer_order_delivered', order_id: order.orderId, recipients: ['buyer@example.com'], language: 'zh', status: 'pending', attempts: 0 });
    expect(row.message_id).toBe(`<${row.id}@cards.example>`);

    expect(await sendDue(shop)).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toEqual(['buyer@example.com']);
    expect(mail.from).toBe('shop@cards.example');
    expect(mail.parsed.from?.value).toEqual([{ address: 'shop@cards.example', name: 'Card Shop' }]);
    expect(mail.parsed.messageId).toBe(row.message_id);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.subject).toBe(`【Card Shop】订单 ${order.orderNo} 已发货`);
    const lookupUrl = `https://cards.example/orders/${order.orderNo}`;
    for (const part of [mail.parsed.text ?? '', String(mail.parsed.html)]) {
      for (const key of order.keys) expect(part).toContain(key);
      expect(part).toContain(order.orderNo);
      expect(part).toContain(lookupUrl);
      expect(part).toContain('您的卡密');
    }
    expect(String(mail.parsed.html)).toContain(`<a href="${lookupUrl}">`);

    expect((await emailRows(shop))[0]).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // The keys were read from orders for this e-mail, and that decryption is audited with its purpose.
    const audits = await shop.dataSource.query(`SELECT target_id, details FROM platform.audit_log WHERE action = 'card-keys.resend' AND reason = 'e-mailed to the buyer'`);
    expect(audits).toEqual([{ target_id: order.orderId, details: expect.objectContaining({ keysDecrypted: 2 }) }]);
    // No key in any notifications table, nor in the outbox row's data.
    const stored = await notificationsTablesAsText(shop);
    expect(stored).toContain(order.orderId);
    for (const key of order.keys) expect(stored).not.toContain(key);

    // Nothing more to send: the sender sends it once.
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('writes in English to an order placed in English, and escapes the goods title in the HTML part', async () => {
    const order = await deliveredOrder({ language: 'en' }, { title: 'Steam <b>100</b> & "more"' });
    expect((await emailRows(shop))[0]).toMatchObject({ language: 'en' });
    await sendDue(shop);
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.subject).toBe(`[Card Shop] Order ${order.orderNo} delivered: your keys`);
    expect(mail.parsed.text).toContain('Your keys:');
    expect(mail.parsed.text).toContain('Item: Steam <b>100</b> & "more"');
    expect(mail.parsed.text).toContain(`https://cards.example/orders/${order.orderNo}`);
    for (const key of order.keys) expect(mail.parsed.text).toContain(key);
    const html = String(mail.parsed.html);
    expect(html).toContain('Steam &lt;b&gt;100&lt;/b&gt; &amp; &quot;more&quot;');
    expect(html).not.toContain('<b>100</b>');
    expect(html).toContain('<html lang="en">');
  });

  it('takes the language from the browser when the order names none', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await shop.http().post('/api/orders').set('Accept-Language', 'en-GB,en;q=0.9').send({ goodsId, quantity: 1, contact: 'buyer@example.com', queryPassword: 'open-sesame' });
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect((await emailRows(shop))[0]).toMatchObject({ language: 'en' });
  });

  it('queues one e-mail per order: a redelivered or republished event adds nothing', async () => {
    const order = await deliveredOrder();
    await publishAndDrain(shop, new OrderDeliveredV1(order.orderId, order.orderNo, order.goodsId, 2, null, clock.now().toISOString()));
    expect(await emailRows(shop)).toHaveLength(1);
    await sendDue(shop);
    await smtp.waitFor(1);
    await publishAndDrain(shop, new OrderDeliveredV1(order.orderId, order.orderNo, order.goodsId, 2, null, clock.now().toISOString()));
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    // Refused quietly by the unique (kind, order), not by failing the subscriber into a dead letter.
    expect(await shop.dataSource.query(`SELECT subscriber FROM platform.dead_letters`)).toEqual([]);
  });

  it('a buyer who left a phone number gets no e-mail (and the order is delivered all the same)', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId, contact: '13800138000' });
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect((await lookup(shop, placed.body.orderNo, 'open-sesame', '13800138000')).body.status).toBe('delivered');
    expect(await emailRows(shop)).toEqual([]);
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('queues no merchant alert when MERCHANT_ALERT_EMAILS is empty', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1); // below the default low-stock threshold of 10
    await placeOrder(shop, { goodsId, contact: '13800138000' });
    await publishAndDrain(shop);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE type = 'card-keys.stock.low'`)).toEqual([{ n: 1 }]);
    expect(await emailRows(shop)).toEqual([]);
  });

  it('e-mails a refund with the amount refunded, without any key', async () => {
    const order = await deliveredOrder({ language: 'en' });
    await sendDue(shop);
    await smtp.waitFor(1);
    const finance = await shop.adminToken('finance');
    const refunded = await shop.http().post(`/admin/orders/${order.orderId}/refund`).set(bearer(finance)).send({ reason: 'buyer changed their mind' });
    expect(refunded.status).toBe(200);
    await publishAndDrain(shop);

    const rows = await emailRows(shop, `kind = 'buyer_order_refunded'`);
    expect(rows).toEqual([expect.objectContaining({ order_id: order.orderId, language: 'en', data: { amountMinor: 20_000, currency: 'CNY' } })]);
    await sendDue(shop);
    const [, mail] = await smtp.waitFor(2);
    expect(mail.parsed.subject).toBe(`[Card Shop] Order ${order.orderNo} refunded: CN¥200.00`);
    expect(mail.parsed.text).toContain('Amount refunded: CN¥200.00');
    expect(mail.parsed.text).toContain(`https://cards.example/orders/${order.orderNo}`);
    expect(mail.parsed.text).not.toContain('buyer changed their mind');
    for (const key of order.keys) expect(mail.raw).not.toContain(key);
  });

  it('skips the keys e-mail of an order refunded before it went out, and sends the refund one', async () => {
    const order = await deliveredOrder();
    const finance = await shop.adminToken('finance');
    await shop.http().post(`/admin/orders/${order.orderId}/refund`).set(bearer(finance)).send({ reason: 'sold by mistake' });
    await publishAndDrain(shop);
    expect(await sendDue(shop)).toMatchObject({ sent: 1, skipped: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.subject).toBe(`【Card Shop】订单 ${order.orderNo} 已退款 ¥200.00`);
    expect(await emailRows(shop, `kind = 'buyer_order_delivered'`)).toEqual([
      expect.objectContaining({ status: 'skipped', last_error: 'the order is refunded now, not delivered' }),
    ]);
    for (const key of order.keys) expect(mail.raw).not.toContain(key);
  });
});
