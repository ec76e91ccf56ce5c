import { lookup, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, deliveredOrder, memberAuth, newMember, openAsGuest, openAsMember, resetSupport, supportCounts } from './support-tickets-helpers';

/**
 * The one-click actions on a ticket's order, through the orders facade: a "key invalid" ticket ends
 * with a replacement the buyer sees in their order, the old key defective and never sold again;
 * re-sending keys and refunding (finance) work the same way, each noted on the ticket and audited.
 */
describe('support tickets: actions on the order', () => {
  let shop: TestApp;
  let owner: string;
  let agent: string;

  beforeAll(async () => {
    shop = await createTestApp();
  });
  beforeEach(async () => {
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetSupport(shop);
    owner = await shop.adminToken('owner');
    agent = await shop.adminToken('support');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  const keyStatus = async (keyId: string) => (await shop.dataSource.query(`SELECT status FROM card_keys.keys WHERE id = $1`, [keyId]))[0]?.status;

  it('resolves a "key invalid" ticket with a replacement: the buyer sees the new key, the old one is defective and never sold again', async () => {
    const alice = newMember();
    const order = await deliveredOrder(shop, owner, { member: alice, keys: 3 });
    const mine = await shop.http().get(`/api/me/orders/${order.orderNo}`).set(memberAuth(shop, alice));
    const [bad] = mine.body.keys as Array<{ keyId: string; secret: string }>;

    const opened = await openAsMember(shop, alice, {
      orderNo: order.orderNo,
      category: 'key_invalid',
      keyId: bad.keyId,
      subject: 'Key refused',
      message: 'Steam says the code was already used.',
      attachments: [{ url: 'https://files.example.com/screenshot.png', name: 'screenshot.png' }],
    });
    expect(opened.status).toBe(201);
    expect(opened.body.ticket).toMatchObject({ category: 'key_invalid', keyId: bad.keyId, orderNo: order.orderNo });
    const id = opened.body.ticket.id;
    expect((await shop.http().get(`/admin/support/tickets/${id}`).set(bearer(agent))).body.ticket).toMatchObject({ priority: 'high', keyId: bad.keyId });

    const replaced = await shop.http().post(`/admin/support/tickets/${id}/actions/replace-key`).set(bearer(agent)).send({ reason: 'buyer reports the key as used' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ ticketId: id, orderId: order.orderId, oldKeyId: bad.keyId });
    const fresh = replaced.body.key as { keyId: string; secret: string };
    expect(fresh.keyId).not.toBe(bad.keyId);
    const resolved = await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'We replaced your key: see your order.', status: 'resolved' });
    expect(resolved.body.ticket.status).toBe('resolved');

    // The buyer sees the new key in their order (member view and lookup alike), not the old one.
    const after = await shop.http().get(`/api/me/orders/${order.orderNo}`).set(memberAuth(shop, alice));
    expect(after.body.keys).toEqual([{ keyId: fresh.keyId, secret: fresh.secret }]);
    expect(order.secrets).toContain(fresh.secret);
    expect((await lookup(shop, order.orderNo)).body.keys).toEqual([{ keyId: fresh.keyId, secret: fresh.secret }]);
    // The ticket never holds a key's secret, for the buyer or the agent.
    const buyerTicket = await shop.http().get(`/api/me/tickets/${id}`).set(memberAuth(shop, alice));
    const agentTicket = await shop.http().get(`/admin/support/tickets/${id}`).set(bearer(agent));
    for (const text of [JSON.stringify(buyerTicket.body), JSON.stringify(agentTicket.body)]) {
      expect(text).not.toContain(fresh.secret);
      expect(text).not.toContain(bad.secret);
    }
    expect(agentTicket.body.messages.filter((m: { internal: boolean }) => m.internal).map((m: { body: string }) => m.body)).toEqual([
      `Key ${bad.keyId} marked defective and replaced by ${fresh.keyId}. Reason: buyer reports the key as used`,
    ]);
    // A note by an agent on a buyer's ticket is not an answer: the first response is the reply.
    expect(agentTicket.body.ticket.sla.firstResponse.respondedAt).toBe(resolved.body.message.createdAt);

    // The vault: the old key is defective and sold once; the last available key goes to the next buyer, then none is left.
    expect(await keyStatus(bad.keyId)).toBe('defective');
    expect(await keyStatus(fresh.keyId)).toBe('sold');
    const goodsId = order.goodsId;
    const second = await placeOrder(shop, { goodsId, contact: 'second@example.com' });
    expect(second.status).toBe(201);
    const third = await placeOrder(shop, { goodsId, contact: 'third@example.com' });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('out_of_stock');
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM card_keys.sales WHERE key_id = $1`, [bad.keyId])).toEqual([{ n: 1 }]);
    expect(await shop.dataSource.query(`SELECT status FROM card_keys.keys WHERE goods_id = $1 AND status = 'available'`, [goodsId])).toEqual([]);

    // Audited twice: by orders (the key action, with the agent as actor) and by support (against the ticket).
    const [agentId] = (await shop.dataSource.query(`SELECT id FROM platform.admin_users WHERE roles = '{support}'`)).map((r: { id: string }) => r.id);
    const audit = await shop.dataSource.query(`SELECT action, actor_id, target_type, target_id, reason, details FROM platform.audit_log WHERE action LIKE '%replace-key' ORDER BY action`);
    expect(audit).toEqual([
      { action: 'orders.replace-key', actor_id: agentId, target_type: 'order', target_id: order.orderId, reason: 'buyer reports the key as used', details: { oldKeyId: bad.keyId, newKeyId: fresh.keyId } },
      {
        action: 'support.ticket.replace-key',
        actor_id: agentId,
        target_type: 'support-ticket',
        target_id: id,
        reason: 'buyer reports the key as used',
        details: { orderId: order.orderId, oldKeyId: bad.keyId, newKeyId: fresh.keyId },
      },
    ]);
  });

  it('refuses a replacement of a key that is not a current key of the order, leaving no note behind', async () => {
    const order = await deliveredOrder(shop, owner, { keys: 3 });
    const opened = await openAsGuest(shop, order.orderNo, { category: 'key_invalid' });
    const id = opened.body.ticket.id;
    const [key] = (await lookup(shop, order.orderNo)).body.keys;
    expect((await shop.http().post(`/admin/support/tickets/${id}/actions/replace-key`).set(bearer(agent)).send({ reason: 'no key named' })).status).toBe(400);
    expect((await shop.http().post(`/admin/support/tickets/${id}/actions/replace-key`).set(bearer(agent)).send({ reason: 'first', keyId: key.keyId })).status).toBe(200);
    const before = await supportCounts(shop);
    const again = await shop.http().post(`/admin/support/tickets/${id}/actions/replace-key`).set(bearer(agent)).send({ reason: 'again', keyId: key.keyId });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('sold_key_not_found');
    expect(await supportCounts(shop)).toEqual(before);
    expect(await shop.dataSource.query(`SELECT reason FROM platform.audit_log WHERE reason = 'again'`)).toEqual([]);
  });

  it('re-sends keys and refunds (finance only) from the ticket, each noted and audited; a ticket without an order has nothing to act on', async () => {
    const finance = await shop.adminToken('finance');
    const order = await deliveredOrder(shop, owner, { keys: 2 });
    const opened = await openAsGuest(shop, order.orderNo, { category: 'refund_request', subject: 'Refund please', message: 'Bought the wrong card' });
    const id = opened.body.ticket.id;

    const resent = await shop.http().post(`/admin/support/tickets/${id}/actions/resend-keys`).set(bearer(agent)).send({ reason: 'buyer lost the page' });
    expect(resent.status).toBe(200);
    expect(resent.body.keys).toHaveLength(1);
    expect(order.secrets).toContain(resent.body.keys[0].secret);

    const bySupport = await shop.http().post(`/admin/support/tickets/${id}/actions/refund`).set(bearer(agent)).send({ reason: 'wrong card' });
    expect(bySupport.status).toBe(403);
    const refunded = await shop.http().post(`/admin/support/tickets/${id}/actions/refund`).set(bearer(finance)).send({ reason: 'wrong card, unused' });
    expect(refunded.status).toBe(200);
    expect(refunded.body.refund).toMatchObject({ outcome: 'refunded', amountMinor: 10_000 });
    expect(await shop.dataSource.query(`SELECT status FROM orders.orders WHERE id = $1`, [order.orderId])).toEqual([{ status: 'refunded' }]);
    const twice = await shop.http().post(`/admin/support/tickets/${id}/actions/refund`).set(bearer(owner)).send({ reason: 'again' });
    expect(twice.status).toBe(409);

    const notes = (await shop.http().get(`/admin/support/tickets/${id}`).set(bearer(agent))).body.messages.filter((m: { internal: boolean }) => m.internal);
    expect(notes.map((m: { body: string }) => m.body)).toEqual([
      `Keys shown again to the buyer's order (1: ${resent.body.keys[0].keyId}). Reason: buyer lost the page`,
      'Order refunded in full (10000 minor units, refunded). Reason: wrong card, unused',
    ]);
    const actions = await shop.dataSource.query(`SELECT action FROM platform.audit_log WHERE target_id IN ($1, $2) AND (action LIKE 'orders.%' OR action LIKE 'support.%')`, [id, order.orderId]);
    expect(actions.map((a: { action: string }) => a.action).sort()).toEqual(['orders.refund', 'orders.resend-keys', 'support.ticket.refund', 'support.ticket.resend-keys']);

    const general = await openAsMember(shop, newMember());
    const nothing = await shop.http().post(`/admin/support/tickets/${general.body.ticket.id}/actions/resend-keys`).set(bearer(agent)).send({ reason: 'no order' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.code).toBe('ticket_has_no_order');
  });
});
