import { FixedClock } from '../../src/platform/clock/clock';
import { goodsWithKeys, lookup, payOnSandbox, placeOrder } from '../orders/buy-flow-helpers';
import { type TestApp } from '../support/test-app';
import { emailRows, sendDue, useMailShop } from './notifications-helpers';
import { SmtpTestServer } from './smtp-test-server';

const T0 = new Date('2026-11-24T12:00:00Z');
const seconds = (s: number) => s * 1000;

/**
 * The mail server down or refusing: the order goes on, the e-mail waits with exponential backoff and
 * goes out once the server is back, exactly once. Time moves with a FixedClock; the sender is run by
 * the test as its schedule would.
 */
describe('notifications: an SMTP outage delays e-mail but loses none', () => {
  const clock = new FixedClock(T0);
  const mail = useMailShop({ clock, startAt: T0 });
  let smtp: SmtpTestServer;
  let shop: TestApp;
  let owner: string;
  beforeEach(async () => {
    ({ shop, smtp, owner } = mail);
    // A test may have stopped the server: each starts with it listening, in its normal mode.
    await smtp.stop();
    await smtp.listen();
  });

  async function deliveredOrder(contact = 'buyer@example.com') {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const placed = await placeOrder(shop, { goodsId, contact });
    await payOnSandbox(shop, placed.body.payment.paymentId);
    const seen = await lookup(shop, placed.body.orderNo, 'open-sesame', contact);
    return { orderId: placed.body.orderId as string, orderNo: placed.body.orderNo as string, status: seen.body.status as string, keys: (seen.body.keys as Array<{ secret: string }>).map((k) => k.secret) };
  }

  it('a server answering 451 delays the e-mail with growing waits; it is sent once the server takes it, exactly once', async () => {
    smtp.mode = 'refuse-rcpt-451';
    const order = await deliveredOrder();
    expect(order.status).toBe('delivered');

    expect(await sendDue(shop)).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = await emailRows(shop);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringContaining('451 4.3.0 Mailbox temporarily unavailable') });
    expect(row.last_error).toContain('EENVELOPE at RCPT TO');
    expect(row.next_attempt_at).toEqual(new Date(T0.getTime() + seconds(30)));

    // Not due yet: nothing is tried.
    clock.advance(seconds(29));
    expect(await sendDue(shop)).toMatchObject({ sent: 0, retrying: 0 });
    clock.advance(seconds(1));
    expect(await sendDue(shop)).toMatchObject({ retrying: 1 });
    [row] = await emailRows(shop);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row.next_attempt_at).toEqual(new Date(T0.getTime() + seconds(30 + 60)));

    smtp.mode = 'accept';
    clock.advance(seconds(59));
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    clock.advance(seconds(1));
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.messageId).toBe(row.message_id);
    for (const key of order.keys) expect(mail.parsed.text).toContain(key);
    expect((await emailRows(shop))[0]).toMatchObject({ status: 'sent', attempts: 3 });

    clock.advance(seconds(3600));
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('a server refusing connections: orders are delivered anyway; the first e-mail spends an attempt, the rest wait without; all go out once it is back', async () => {
    await smtp.stop();
    const first = await deliveredOrder('first@example.com');
    const second = await deliveredOrder('second@example.com');
    expect([first.status, second.status]).toEqual(['delivered', 'delivered']);

    expect(await sendDue(shop)).toMatchObject({ sent: 0, retrying: 1, deferred: 1 });
    const rows = await emailRows(shop);
    const tried = rows.find((r) => r.attempts === 1);
    const waiting = rows.find((r) => r.attempts === 0);
    expect(tried).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/ECONNREFUSED/) });
    expect(waiting).toMatchObject({ status: 'pending', last_error: expect.stringContaining('not tried: the mail server was unavailable') });
    expect(waiting?.next_attempt_at).toEqual(new Date(T0.getTime() + seconds(30)));
    expect(tried?.next_attempt_at).toEqual(new Date(T0.getTime() + seconds(30)));

    await smtp.listen();
    clock.advance(seconds(30));
    expect(await sendDue(shop)).toMatchObject({ sent: 2 });
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['first@example.com', 'second@example.com']);
    expect((await emailRows(shop)).map((r) => r.status)).toEqual(['sent', 'sent']);
    clock.advance(seconds(3600));
    await sendDue(shop);
    expect(smtp.received).toHaveLength(2);
  });

  it('a 451 after the data (did it go through?) is retried with the same Message-ID, so the receiver can drop a duplicate', async () => {
    smtp.mode = 'refuse-data-451';
    await deliveredOrder();
    await sendDue(shop);
    clock.advance(seconds(30));
    await sendDue(shop);
    smtp.mode = 'accept';
    clock.advance(seconds(60));
    await sendDue(shop);
    const [row] = await emailRows(shop);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(smtp.messageIdsRead).toEqual([row.message_id, row.message_id, row.message_id]);
    expect(smtp.received).toHaveLength(1);
  });

  it('a sender that stopped mid-send holds the row until its lease ends; then another takes it over, same Message-ID', async () => {
    await deliveredOrder();
    const [row] = await emailRows(shop);
    // As a sender that claimed the row and died would leave it.
    await shop.dataSource.query(`UPDATE notifications.emails SET status = 'sending', attempts = 1, lease_until = $2 WHERE id = $1`, [row.id, new Date(T0.getTime() + 5 * 60_000)]);
    expect(await sendDue(shop)).toMatchObject({ sent: 0 });
    clock.advance(5 * 60_000);
    expect(await sendDue(shop)).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.messageId).toBe(row.message_id);
    expect((await emailRows(shop))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
