import { FixedClock } from '../../src/platform/clock/clock';
import { MAX_SEND_ATTEMPTS } from '../../src/modules/notifications/domain/retry-policy';
import { goodsWithKeys, lookup, payOnSandbox, placeOrder } from '../orders/buy-flow-helpers';
import { bearer, type TestApp } from '../support/test-app';
import { emailRows, sendDue, useMailShop } from './notifications-helpers';
import { SmtpTestServer } from './smtp-test-server';

const T0 = new Date('2026-11-24T12:00:00Z');

/** The outbox as operators see it: what failed, and sending it again (audited). */
describe('notifications: the e-mail outbox in the admin', () => {
  const clock = new FixedClock(T0);
  const mail = useMailShop({ clock, startAt: T0 });
  let smtp: SmtpTestServer;
  let shop: TestApp;
  let owner: string;
  let operator: string;
  beforeEach(async () => {
    ({ shop, smtp, owner } = mail);
    operator = await shop.adminToken('operator');
  });

  async function deliveredOrder() {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId });
    await payOnSandbox(shop, placed.body.payment.paymentId);
    const seen = await lookup(shop, placed.body.orderNo);
    return { orderId: placed.body.orderId as string, orderNo: placed.body.orderNo as string, key: seen.body.keys[0].secret as string };
  }

  /** Runs the sender at each retry time until the e-mail has used all its attempts. */
  async function failForGood(): Promise<void> {
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i += 1) {
      await sendDue(shop);
      clock.advance(60 * 60_000);
    }
  }

  const list = (token: string, query = '') => shop.http().get(`/admin/notifications/emails${query}`).set(bearer(token));
  const resend = (token: string, id: string, reason = 'the buyer asked again') =>
    shop.http().post(`/admin/notifications/emails/${id}/resend`).set(bearer(token)).send({ reason });

  it('after the last attempt an e-mail is failed, listed for operators, and sent again on request (audited), once', async () => {
    smtp.mode = 'refuse-rcpt-451';
    const order = await deliveredOrder();
    await failForGood();
    const [row] = await emailRows(shop);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS, last_error: expect.stringContaining('451') });
    expect(await sendDue(shop)).toMatchObject({ sent: 0, retrying: 0 });

    const failed = await list(operator, '?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(failed.body.items).toEqual([
      {
        id: row.id,
        audience: 'buyer',
        kind: 'buyer_order_delivered',
        orderId: order.orderId,
        collapseKey: null,
        recipients: ['buyer@example.com'],
        language: 'zh',
        occurrences: 1,
        status: 'failed',
        attempts: MAX_SEND_ATTEMPTS,
        nextAttemptAt: null,
        lastError: expect.stringContaining('451 4.3.0'),
        messageId: row.message_id,
        smtpResponse: null,
        createdAt: T0.toISOString(),
        sentAt: null,
      },
    ]);
    expect(JSON.stringify(failed.body)).not.toContain(order.key);
    expect((await list(operator, '?status=sent')).body).toMatchObject({ total: 0, items: [] });
    expect((await list(operator, `?orderId=${order.orderId}&kind=buyer_order_delivered`)).body.total).toBe(1);

    smtp.mode = 'accept';
    const again = await resend(operator, row.id);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: row.id, status: 'pending', attempts: 0, lastError: null, messageId: row.message_id, nextAttemptAt: clock.now().toISOString() });
    const [audit] = await shop.dataSource.query(`SELECT * FROM platform.audit_log WHERE action = 'notifications.email.resend'`);
    expect(audit).toMatchObject({ target_type: 'email', target_id: row.id, reason: 'the buyer asked again', actor_type: 'admin' });
    expect(audit.details).toMatchObject({ kind: 'buyer_order_delivered', orderId: order.orderId, recipients: ['buyer@example.com'] });
    expect(JSON.stringify(audit)).not.toContain(order.key);

    // Queued already: not again.
    const twice = await resend(operator, row.id);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'email_not_resendable', details: { status: 'pending' } });

    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    // A failed e-mail keeps its Message-ID: if an attempt did arrive after all, the receiver sees the same message.
    expect(mail.parsed.messageId).toBe(row.message_id);
    expect(mail.parsed.text).toContain(order.key);
    await sendDue(shop);
    expect(smtp.received).toHaveLength(1);
    expect((await list(operator, '?status=sent')).body.items[0]).toMatchObject({ id: row.id, status: 'sent', attempts: 1, sentAt: clock.now().toISOString() });
  });

  it('a sent e-mail can be sent again too, as a new message (new Message-ID)', async () => {
    const order = await deliveredOrder();
    await sendDue(shop);
    const [first] = await smtp.waitFor(1);
    const [row] = await emailRows(shop);
    const again = await resend(owner, row.id, 'buyer deleted it by mistake');
    expect(again.status).toBe(200);
    expect(again.body.messageId).toBe(row.message_id.replace('@', '.1@'));
    await sendDue(shop);
    const [, second] = await smtp.waitFor(2);
    expect(second.parsed.messageId).toBe(again.body.messageId);
    expect(second.parsed.messageId).not.toBe(first.parsed.messageId);
    expect(second.parsed.text).toContain(order.key);
  });

  it('parallel resend requests queue it once: one 200, the rest 409', async () => {
    smtp.mode = 'refuse-rcpt-451';
    await deliveredOrder();
    await failForGood();
    const [row] = await emailRows(shop);
    const answers = await Promise.all(Array.from({ length: 6 }, () => resend(operator, row.id)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'notifications.email.resend'`)).toEqual([{ n: 1 }]);
  });

  it('refuses other roles, a missing token, bad input and unknown e-mails', async () => {
    await deliveredOrder();
    const [row] = await emailRows(shop);
    for (const role of ['support', 'marketing', 'finance']) {
      const token = await shop.adminToken(role);
      expect((await list(token)).status).toBe(403);
      expect((await resend(token, row.id)).status).toBe(403);
    }
    expect((await shop.http().get('/admin/notifications/emails')).status).toBe(401);
    expect((await shop.http().post(`/admin/notifications/emails/${row.id}/resend`).send({ reason: 'no token' })).status).toBe(401);
    expect((await list(owner)).status).toBe(200);

    expect((await list(operator, '?status=lost')).status).toBe(400);
    expect((await list(operator, '?kind=sms')).status).toBe(400);
    expect((await list(operator, '?orderId=42')).status).toBe(400);
    expect((await list(operator, '?limit=500')).status).toBe(400);
    expect((await resend(operator, 'not-a-uuid')).status).toBe(400);
    expect((await resend(operator, row.id, '  ')).status).toBe(400);
    const extra = await shop.http().post(`/admin/notifications/emails/${row.id}/resend`).set(bearer(operator)).send({ reason: 'fine reason', force: true });
    expect(extra.status).toBe(400);
    const unknown = await resend(operator, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('email_not_found');
    // Pending: nothing to send again yet.
    expect((await resend(operator, row.id)).status).toBe(409);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'notifications.email.resend'`)).toEqual([{ n: 0 }]);
  });
});
