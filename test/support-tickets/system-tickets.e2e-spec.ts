import { randomUUID } from 'node:crypto';
import { OrderAwaitingStockV1 } from '../../src/modules/orders/events';
import { ExpireUnpaidOrders } from '../../src/modules/orders/jobs/expire-unpaid';
import { PaymentMismatchV1 } from '../../src/modules/payments/events';
import { FixedClock } from '../../src/platform/clock/clock';
import { goodsWithKeys, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, deliveredOrder, published, publishAndDrain, resetSupport } from './support-tickets-helpers';

const T0 = new Date('2026-11-24T12:00:00Z');

/** The shop opens tickets by itself: an order paid but waiting for stock, a payment reported with another amount. One per cause. */
describe('support tickets opened by the shop', () => {
  const clock = new FixedClock(T0);
  let shop: TestApp;
  let owner: string;
  let agent: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(T0);
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetSupport(shop);
    owner = await shop.adminToken('owner');
    agent = await shop.adminToken('support');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  const systemTickets = () => shop.dataSource.query(`SELECT * FROM support.tickets WHERE origin = 'system' ORDER BY created_at, id`);

  it('opens a high-priority ticket when a paid order waits for stock (driven for real), once per order', async () => {
    const { goodsId } = await goodsWithKeys(shop, owner, 1);
    const late = await placeOrder(shop, { goodsId, contact: 'late@example.com' });
    clock.advance(16 * 60_000);
    await shop.app.get(ExpireUnpaidOrders).run();
    expect((await placeOrder(shop, { goodsId, contact: 'other@example.com' })).status).toBe(201); // takes the only key
    await payOnSandbox(shop, late.body.payment.paymentId); // a late payment with no key left: paid_awaiting_stock

    const [ticket] = await systemTickets();
    expect(ticket).toMatchObject({
      origin: 'system',
      cause_key: `order-awaiting-stock:${late.body.orderId}`,
      category: 'not_received',
      priority: 'high',
      status: 'open',
      order_id: late.body.orderId,
      order_no: late.body.orderNo,
      contact: 'late@example.com',
      subject: `Paid order ${late.body.orderNo} is waiting for stock`,
    });
    expect(await published(shop, 'support.ticket.opened')).toEqual([
      expect.objectContaining({ ticketId: ticket.id, origin: 'system', priority: 'high', orderId: late.body.orderId }),
    ]);

    // The same cause again (a re-published event, another event id): still one ticket.
    await publishAndDrain(shop, new OrderAwaitingStockV1(late.body.orderId, late.body.orderNo, goodsId, 1, null, clock.now().toISOString()));
    expect(await systemTickets()).toHaveLength(1);

    const view = await shop.http().get(`/admin/support/tickets/${ticket.id}`).set(bearer(agent));
    expect(view.body.order).toMatchObject({ orderId: late.body.orderId, status: 'paid_awaiting_stock', contact: 'late@example.com' });
    expect(view.body.messages).toEqual([
      expect.objectContaining({ internal: true, author: { type: 'system', id: null }, body: expect.stringContaining(`Order ${late.body.orderNo} was paid, but no card keys were left`) }),
    ]);
    expect(view.body.ticket.sla.firstResponse.dueAt).toBe(new Date(T0.getTime() + 16 * 60_000 + 60 * 60_000).toISOString());

    // No buyer to answer: agents write notes, and the first note is the first response.
    const reply = await shop.http().post(`/admin/support/tickets/${ticket.id}/messages`).set(bearer(agent)).send({ body: 'Hello buyer' });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('ticket_has_no_buyer');
    clock.advance(5 * 60_000);
    const note = await shop.http().post(`/admin/support/tickets/${ticket.id}/notes`).set(bearer(agent)).send({ body: 'Restock ordered from the supplier' });
    expect(note.body.ticket.sla.firstResponse).toMatchObject({ seconds: 300, met: true });
    expect(note.body.ticket.assignee).toMatchObject({ email: expect.stringContaining('support-') });
  });

  it('opens an urgent ticket on a payment mismatch, adds later mismatches of the same payment to it, and one per payment', async () => {
    const order = await deliveredOrder(shop, owner);
    const mismatch = (paymentId: string, reported: number, txn: string) =>
      new PaymentMismatchV1(paymentId, order.orderId, 'sandbox', 10_000, reported, 'CNY', 'CNY', txn, clock.now().toISOString());

    // Two events about the same payment, delivered by the queue's parallel workers: one ticket, the second a note on it.
    await publishAndDrain(shop, mismatch(order.paymentId, 1_000, 'TXN-1'), mismatch(order.paymentId, 9_999, 'TXN-2'));
    const [ticket] = await systemTickets();
    expect(await systemTickets()).toHaveLength(1);
    expect(ticket).toMatchObject({ cause_key: `payment-mismatch:${order.paymentId}`, priority: 'urgent', category: 'other', order_no: order.orderNo });
    expect(ticket.subject).toMatch(new RegExp(`^Payment mismatch on order ${order.orderNo}: (1000|9999) CNY \\(minor units\\) reported, 10000 CNY \\(minor units\\) expected$`));
    const notes = await shop.dataSource.query(`SELECT body, internal, author_type FROM support.messages WHERE ticket_id = $1 ORDER BY seq`, [ticket.id]);
    expect(notes).toHaveLength(2);
    expect(notes.every((n: { internal: boolean; author_type: string }) => n.internal && n.author_type === 'system')).toBe(true);
    expect(notes[1].body).toMatch(/^Another mismatched notification\. Channel sandbox reported/);
    expect(notes.map((n: { body: string }) => n.body).join(' ')).toMatch(/TXN-1[\s\S]*TXN-2|TXN-2[\s\S]*TXN-1/);

    const otherPayment = randomUUID();
    clock.advance(60_000);
    await publishAndDrain(shop, mismatch(otherPayment, 500, 'TXN-3'));
    expect((await systemTickets()).map((t: { cause_key: string }) => t.cause_key)).toEqual([`payment-mismatch:${order.paymentId}`, `payment-mismatch:${otherPayment}`]);
    expect(await published(shop, 'support.ticket.opened')).toHaveLength(2);

    // Urgent tickets come first in the queue.
    const queue = await shop.http().get('/admin/support/tickets').set(bearer(agent));
    expect(queue.body.items.map((t: { priority: string }) => t.priority)).toEqual(['urgent', 'urgent']);
  });
});
