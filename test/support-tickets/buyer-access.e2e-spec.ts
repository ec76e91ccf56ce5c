import { createHash } from 'node:crypto';
import { OrderAwaitingStockV1 } from '../../src/modules/orders/events';
import { resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import {
  bearer,
  deliveredOrder,
  memberAuth,
  newMember,
  openAsGuest,
  openAsMember,
  publishAndDrain,
  resetSupport,
  SECRET_NOTE,
  ticketRow,
  ticketToken,
} from './support-tickets-helpers';

/**
 * The buyer's side: a guest reaches one ticket with the token they got, a member the tickets they
 * opened, nobody anyone else's; internal notes never reach a buyer, whatever they call.
 */
describe('support tickets: what a buyer can reach', () => {
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

  it('gives a guest one access token, kept only hashed, that opens their ticket and no other', async () => {
    const mine = await deliveredOrder(shop, owner, { contact: 'ann@example.com' });
    const theirs = await deliveredOrder(shop, owner, { contact: 'ben@example.com' });

    const opened = await openAsGuest(shop, mine.orderNo, { contact: ' ANN@example.com ' });
    expect(opened.status).toBe(201);
    expect(opened.body.accessToken).toMatch(/^tkt_[A-Za-z0-9_-]{43}$/);
    expect(opened.body.ticket).toMatchObject({ status: 'open', category: 'not_received', orderNo: mine.orderNo, messages: [{ from: 'buyer', body: 'I paid but I see nothing.' }] });
    const id = opened.body.ticket.id;
    const row = await ticketRow(shop, id);
    expect(row.access_token_hash).toBe(createHash('sha256').update(opened.body.accessToken).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(opened.body.accessToken);

    const other = await openAsGuest(shop, theirs.orderNo, { contact: 'ben@example.com' });
    expect(other.status).toBe(201);

    expect((await shop.http().get(`/api/support/tickets/${id}`).set(ticketToken(opened.body.accessToken))).body.id).toBe(id);
    const noToken = await shop.http().get(`/api/support/tickets/${id}`);
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe('ticket_token_required');
    const wrongToken = await shop.http().get(`/api/support/tickets/${id}`).set(ticketToken(other.body.accessToken));
    expect(wrongToken.status).toBe(404);
    expect(wrongToken.body.error.code).toBe('ticket_not_found');
    const replyWithOthers = await shop.http().post(`/api/support/tickets/${id}/messages`).set(ticketToken(other.body.accessToken)).send({ body: 'let me in' });
    expect(replyWithOthers.status).toBe(404);
    expect(await shop.dataSource.query(`SELECT body FROM support.messages WHERE body = 'let me in'`)).toEqual([]);

    // Proving the order takes its password: a wrong one reads like an unknown order, and opens nothing.
    const guess = await openAsGuest(shop, mine.orderNo, { contact: 'ann@example.com', queryPassword: 'guess' });
    expect(guess.status).toBe(404);
    expect(guess.body.error.code).toBe('order_not_found');
    expect(await shop.dataSource.query(`SELECT id FROM support.tickets`)).toHaveLength(2);
  });

  it('shows a member the tickets they opened and nothing of anyone else', async () => {
    const alice = newMember();
    const bob = newMember();
    const aliceOrder = await deliveredOrder(shop, owner, { member: alice });
    const general = await openAsMember(shop, alice);
    const aboutOrder = await openAsMember(shop, alice, { orderNo: aliceOrder.orderNo, category: 'wrong_item', subject: 'Wrong region', message: 'This key is for the EU store.' });
    const bobs = await openAsMember(shop, bob);
    expect([general.status, aboutOrder.status, bobs.status]).toEqual([201, 201, 201]);
    expect(general.body.accessToken).toBeNull();
    expect(aboutOrder.body.ticket.orderNo).toBe(aliceOrder.orderNo);
    const guest = await openAsGuest(shop, aliceOrder.orderNo); // someone with the order's password, as a guest
    // The shop's own ticket about alice's order is not hers to read.
    await publishAndDrain(shop, new OrderAwaitingStockV1(aliceOrder.orderId, aliceOrder.orderNo, aliceOrder.goodsId, 1, alice, new Date().toISOString()));

    const list = await shop.http().get('/api/me/tickets').set(memberAuth(shop, alice));
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((t: { id: string }) => t.id).sort()).toEqual([general.body.ticket.id, aboutOrder.body.ticket.id].sort());
    expect((await shop.http().get('/api/me/tickets?status=closed').set(memberAuth(shop, alice))).body.total).toBe(0);
    expect((await shop.http().get('/api/me/tickets').set(memberAuth(shop, bob))).body.items.map((t: { id: string }) => t.id)).toEqual([bobs.body.ticket.id]);

    for (const id of [bobs.body.ticket.id, guest.body.ticket.id]) {
      expect((await shop.http().get(`/api/me/tickets/${id}`).set(memberAuth(shop, alice))).status).toBe(404);
      expect((await shop.http().post(`/api/me/tickets/${id}/messages`).set(memberAuth(shop, alice)).send({ body: 'mine?' })).status).toBe(404);
    }
    // A member's ticket is not reachable with a guest token either.
    expect((await shop.http().get(`/api/support/tickets/${general.body.ticket.id}`).set(ticketToken(guest.body.accessToken))).status).toBe(404);
    // Bob cannot open a ticket on alice's order.
    const onHers = await openAsMember(shop, bob, { orderNo: aliceOrder.orderNo, category: 'not_received' });
    expect(onHers.status).toBe(404);
    expect(onHers.body.error.code).toBe('order_not_found');
    expect((await shop.http().get('/api/me/tickets')).status).toBe(401);
    expect((await shop.http().get('/api/me/tickets').set(bearer('eyJhbGciOiJIUzI1NiJ9.e30.forged'))).status).toBe(401);
  });

  it("never shows a buyer an internal note, an action's note or the agent side of the ticket, in any answer", async () => {
    const alice = newMember();
    const order = await deliveredOrder(shop, owner, { member: alice, keys: 2 });
    const guestOrder = await deliveredOrder(shop, owner);
    const member = await openAsMember(shop, alice, { orderNo: order.orderNo, category: 'key_invalid', subject: 'Key refused', message: 'It says already redeemed' });
    const guest = await openAsGuest(shop, guestOrder.orderNo);
    const memberTicket = member.body.ticket.id;
    const guestTicket = guest.body.ticket.id;

    for (const id of [memberTicket, guestTicket]) {
      const note = await shop
        .http()
        .post(`/admin/support/tickets/${id}/notes`)
        .set(bearer(agent))
        .send({ body: SECRET_NOTE, attachments: [{ url: 'https://files.example.com/INTERNAL-ONLY-7f3a.png' }] });
      expect(note.status).toBe(201);
      expect((await shop.http().post(`/admin/support/tickets/${id}/actions/resend-keys`).set(bearer(agent)).send({ reason: `INTERNAL-ONLY-7f3a resend` })).status).toBe(200);
      const reply = await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'We are on it.', status: 'pending' });
      expect(reply.status).toBe(201);
      expect((await shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send({ priority: 'urgent' })).status).toBe(200);
    }

    const answers = [
      await shop.http().get('/api/me/tickets').set(memberAuth(shop, alice)),
      await shop.http().get(`/api/me/tickets/${memberTicket}`).set(memberAuth(shop, alice)),
      await shop.http().post(`/api/me/tickets/${memberTicket}/messages`).set(memberAuth(shop, alice)).send({ body: 'Still broken' }),
      await shop.http().get(`/api/support/tickets/${guestTicket}`).set(ticketToken(guest.body.accessToken)),
      await shop.http().post(`/api/support/tickets/${guestTicket}/messages`).set(ticketToken(guest.body.accessToken)).send({ body: 'Any news?' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain('INTERNAL-ONLY-7f3a');
      for (const field of ['internal', 'priority', 'assignee', 'sla', 'author', 'contact', 'urgent']) expect(text).not.toContain(`"${field}`);
      expect(text).not.toMatch(/@test\.local/); // no agent's e-mail
    }
    const memberView = answers[2].body;
    expect(memberView.status).toBe('open'); // the buyer's reply reopened it
    expect(memberView.messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['buyer', 'It says already redeemed'],
      ['support', 'We are on it.'],
      ['buyer', 'Still broken'],
    ]);
    // The agent sees everything.
    const agentView = await shop.http().get(`/admin/support/tickets/${memberTicket}`).set(bearer(agent));
    expect(agentView.body.messages.filter((m: { internal: boolean }) => m.internal)).toHaveLength(2);
  });

  it("reopens a pending or resolved ticket on the buyer's reply, and keeps a closed one closed", async () => {
    const order = await deliveredOrder(shop, owner);
    const opened = await openAsGuest(shop, order.orderNo);
    const id = opened.body.ticket.id;
    const token = ticketToken(opened.body.accessToken);
    const buyerSays = (body: string) => shop.http().post(`/api/support/tickets/${id}/messages`).set(token).send({ body });
    const setStatus = (status: string) => shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send({ status });

    expect((await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'Which store?', status: 'pending' })).body.ticket.status).toBe('pending');
    expect((await buyerSays('Steam')).body.status).toBe('open');
    expect((await setStatus('resolved')).body.status).toBe('resolved');
    expect((await buyerSays('It worked, thanks... wait, no')).body.status).toBe('open');
    expect((await setStatus('closed')).body.status).toBe('closed');

    const late = await buyerSays('Hello?');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ticket_closed');
    expect((await setStatus('open')).status).toBe(409);
    expect((await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'x' })).status).toBe(409);
    const history = await shop.dataSource.query(`SELECT from_status, to_status, action, actor_type FROM support.status_changes WHERE ticket_id = $1 ORDER BY seq`, [id]);
    expect(history).toEqual([
      { from_status: 'open', to_status: 'pending', action: 'wait_on_buyer', actor_type: 'agent' },
      { from_status: 'pending', to_status: 'open', action: 'buyer_reply', actor_type: 'buyer' },
      { from_status: 'open', to_status: 'resolved', action: 'resolve', actor_type: 'agent' },
      { from_status: 'resolved', to_status: 'open', action: 'buyer_reply', actor_type: 'buyer' },
      { from_status: 'open', to_status: 'closed', action: 'close', actor_type: 'agent' },
    ]);
  });

  it('serialises parallel buyer replies on a pending ticket: every message kept, one reopening', async () => {
    const order = await deliveredOrder(shop, owner);
    const opened = await openAsGuest(shop, order.orderNo);
    const id = opened.body.ticket.id;
    await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'Your e-mail?', status: 'pending' });
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) => shop.http().post(`/api/support/tickets/${id}/messages`).set(ticketToken(opened.body.accessToken)).send({ body: `reply ${i}` })),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(await shop.dataSource.query(`SELECT count(*)::int AS n FROM support.messages WHERE ticket_id = $1 AND author_type = 'buyer'`, [id])).toEqual([{ n: 7 }]);
    expect(await shop.dataSource.query(`SELECT action FROM support.status_changes WHERE ticket_id = $1 AND action = 'buyer_reply'`, [id])).toHaveLength(1);
  });
});
