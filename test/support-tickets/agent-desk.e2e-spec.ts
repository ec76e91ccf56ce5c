import { MembershipFacade, type MemberProfile } from '../../src/modules/membership';
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
  supportCounts,
  ticketRow,
} from './support-tickets-helpers';

/**
 * The agent's desk: the ticket view brings the order, the buyer's other orders and tickets and the
 * member's profile (membership is a stand-in here so a profile exists, and can fail); assignment
 * goes to support agents only; roles are enforced; bad input is refused and changes nothing.
 */
describe('support tickets: the agent desk', () => {
  const profiles = new Map<string, MemberProfile>();
  let membershipDown = false;
  const membership = {
    pricingOf: async (memberId: string) => ({ memberId, levelId: null, levelName: null, discountPercent: 0 }),
    profileOf: async (memberId: string) => {
      if (membershipDown) throw new Error('membership database unreachable');
      return profiles.get(memberId) ?? null;
    },
    findByEmail: async () => null,
  };
  let shop: TestApp;
  let owner: string;
  let agent: string;

  beforeAll(async () => {
    shop = await createTestApp({ overrides: [{ provide: MembershipFacade, useValue: membership }] });
  });
  beforeEach(async () => {
    profiles.clear();
    membershipDown = false;
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
    await resetSupport(shop);
    owner = await shop.adminToken('owner');
    agent = await shop.adminToken('support');
    await sandboxChannel(shop, owner);
  });
  afterAll(() => shop.close());

  const adminIdOf = async (role: string) => (await shop.dataSource.query(`SELECT id FROM platform.admin_users WHERE roles = $1::text[]`, [[role]]))[0].id as string;

  it("brings the order, the member's other orders and tickets and the profile; a failing membership shows as unavailable", async () => {
    const alice = newMember();
    profiles.set(alice, {
      memberId: alice,
      email: 'alice@example.com',
      displayName: 'Alice',
      levelId: null,
      levelName: 'Gold',
      points: 120,
      lifetimeSpendMinor: 250_000,
      registeredAt: '2026-01-01T00:00:00.000Z',
    });
    const first = await deliveredOrder(shop, owner, { member: alice });
    const second = await deliveredOrder(shop, owner, { member: alice });
    const stranger = await deliveredOrder(shop, owner, { member: newMember() });
    const ticket = (await openAsMember(shop, alice, { orderNo: first.orderNo, category: 'wrong_item', subject: 'Wrong region', message: 'EU key, I am in the US' })).body.ticket;
    const general = (await openAsMember(shop, alice)).body.ticket;
    await openAsMember(shop, newMember(), { subject: 'Not alice' });
    await publishAndDrain(shop, new OrderAwaitingStockV1(second.orderId, second.orderNo, second.goodsId, 1, alice, new Date().toISOString()));
    await publishAndDrain(shop, new OrderAwaitingStockV1(stranger.orderId, stranger.orderNo, stranger.goodsId, 1, null, new Date().toISOString()));

    const view = await shop.http().get(`/admin/support/tickets/${ticket.id}`).set(bearer(agent));
    expect(view.status).toBe(200);
    expect(view.body.ticket).toMatchObject({ id: ticket.id, origin: 'member', memberId: alice, orderNo: first.orderNo, priority: 'normal', status: 'open', assignee: null });
    expect(view.body.order).toMatchObject({ orderId: first.orderId, orderNo: first.orderNo, status: 'delivered', memberId: alice, totalMinor: 10_000 });
    expect(view.body.buyer).toMatchObject({ memberId: alice, profile: { email: 'alice@example.com', levelName: 'Gold', points: 120 } });
    expect(view.body.buyer.profileUnavailable).toBeUndefined();
    expect(view.body.buyer.otherOrders.map((o: { orderNo: string }) => o.orderNo)).toEqual([second.orderNo]);
    const others = view.body.buyer.otherTickets as Array<{ id: string; subject: string; status: string }>;
    expect(others.map((t) => t.subject).sort()).toEqual(['A question', `Paid order ${second.orderNo} is waiting for stock`]);
    expect(others.map((t) => t.id)).toContain(general.id);
    expect(view.body.messages).toEqual([expect.objectContaining({ internal: false, author: { type: 'buyer', id: alice }, body: 'EU key, I am in the US' })]);
    expect(view.body.history).toEqual([]);

    membershipDown = true;
    const degraded = await shop.http().get(`/admin/support/tickets/${ticket.id}`).set(bearer(agent));
    expect(degraded.status).toBe(200);
    expect(degraded.body.buyer).toMatchObject({ profile: null, profileUnavailable: true, memberId: alice });
    expect(degraded.body.order.orderNo).toBe(first.orderNo);
  });

  it("finds a guest's other orders and tickets by the order's contact", async () => {
    const one = await deliveredOrder(shop, owner, { contact: 'Guest@Example.com' });
    const two = await deliveredOrder(shop, owner, { contact: 'guest@example.com' });
    await deliveredOrder(shop, owner, { contact: 'someone@example.com' });
    const a = (await openAsGuest(shop, one.orderNo, { contact: 'guest@example.com' })).body.ticket;
    const b = (await openAsGuest(shop, two.orderNo, { contact: 'guest@example.com', category: 'refund_request' })).body.ticket;
    const view = await shop.http().get(`/admin/support/tickets/${a.id}`).set(bearer(agent));
    expect(view.body.buyer).toMatchObject({ memberId: null, contact: 'Guest@Example.com', profile: null });
    expect(view.body.buyer.otherOrders.map((o: { orderNo: string }) => o.orderNo)).toEqual([two.orderNo]);
    expect(view.body.buyer.otherTickets.map((t: { id: string }) => t.id)).toEqual([b.id]);
  });

  it('assigns tickets to support agents only, and shows who', async () => {
    await shop.adminToken('marketing');
    await shop.adminToken('support'); // a colleague
    const ticket = (await openAsMember(shop, newMember())).body.ticket;
    const supportIds = (await shop.dataSource.query(`SELECT id FROM platform.admin_users WHERE roles = '{support}' ORDER BY id`)).map((r: { id: string }) => r.id);
    expect(supportIds).toHaveLength(2);
    const [colleagueId, marketingId] = [supportIds[1], await adminIdOf('marketing')];

    const assigned = await shop.http().patch(`/admin/support/tickets/${ticket.id}`).set(bearer(agent)).send({ assigneeId: colleagueId });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toMatchObject({ id: colleagueId, email: expect.stringMatching(/^support-.*@test\.local$/) });
    for (const wrong of [marketingId, '00000000-0000-4000-8000-000000000000']) {
      const refused = await shop.http().patch(`/admin/support/tickets/${ticket.id}`).set(bearer(agent)).send({ assigneeId: wrong });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('assignee_not_an_agent');
    }
    expect((await ticketRow(shop, ticket.id)).assignee_id).toBe(colleagueId);
    const ownerId = await adminIdOf('owner');
    expect((await shop.http().patch(`/admin/support/tickets/${ticket.id}`).set(bearer(agent)).send({ assigneeId: ownerId })).status).toBe(200);
    expect((await shop.http().patch(`/admin/support/tickets/${ticket.id}`).set(bearer(agent)).send({ assigneeId: null })).body.assignee).toBeNull();
    expect((await shop.http().get('/admin/support/tickets?assignee=none').set(bearer(agent))).body.total).toBe(1);
  });

  it('lets only support agents (and the owner) in; refunds need finance; the SLA policy the owner', async () => {
    const marketing = await shop.adminToken('marketing');
    const finance = await shop.adminToken('finance');
    const order = await deliveredOrder(shop, owner);
    const id = (await openAsGuest(shop, order.orderNo)).body.ticket.id;
    const calls = (token: Record<string, string>) => [
      shop.http().get('/admin/support/tickets').set(token),
      shop.http().get(`/admin/support/tickets/${id}`).set(token),
      shop.http().patch(`/admin/support/tickets/${id}`).set(token).send({ priority: 'urgent' }),
      shop.http().post(`/admin/support/tickets/${id}/messages`).set(token).send({ body: 'hi' }),
      shop.http().post(`/admin/support/tickets/${id}/notes`).set(token).send({ body: 'hi' }),
      shop.http().post(`/admin/support/tickets/${id}/actions/resend-keys`).set(token).send({ reason: 'lost' }),
      shop.http().post(`/admin/support/tickets/${id}/actions/replace-key`).set(token).send({ reason: 'bad', keyId: '00000000-0000-4000-8000-000000000000' }),
      shop.http().get('/admin/support/figures').set(token),
      shop.http().get('/admin/support/sla-policies').set(token),
    ];
    const before = await supportCounts(shop);
    for (const [token, status] of [
      [bearer(marketing), 403],
      [bearer(finance), 403],
      [memberAuth(shop, newMember()), 401],
      [{}, 401],
    ] as const) {
      (await Promise.all(calls(token))).forEach((res, call) => expect([call, res.status]).toEqual([call, status]));
    }
    expect((await shop.http().post(`/admin/support/tickets/${id}/actions/refund`).set(bearer(marketing)).send({ reason: 'no' })).status).toBe(403);
    expect((await shop.http().post(`/admin/support/tickets/${id}/actions/refund`).set(bearer(agent)).send({ reason: 'no' })).status).toBe(403);
    expect((await shop.http().put('/admin/support/sla-policies/low').set(bearer(agent)).send({ firstResponseMinutes: 5, resolutionMinutes: 10 })).status).toBe(403);
    expect(await supportCounts(shop)).toEqual(before);
    expect((await ticketRow(shop, id)).priority).toBe('high');
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const order = await deliveredOrder(shop, owner);
    const alice = newMember();
    const opened = await openAsGuest(shop, order.orderNo);
    const id = opened.body.ticket.id;
    const rowBefore = await ticketRow(shop, id);
    const before = await supportCounts(shop);
    const guestOpen = (fields: Record<string, unknown>) => openAsGuest(shop, order.orderNo, fields);
    const https = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://files.example.com/${i}.png` }));

    const refused = [
      await guestOpen({ category: 'bogus' }),
      await guestOpen({ attachments: [{ url: 'http://files.example.com/a.png' }] }),
      await guestOpen({ attachments: [{ url: 'javascript:alert(1)' }] }),
      await guestOpen({ attachments: [{ url: 'https://user:pw@files.example.com/a.png' }] }),
      await guestOpen({ attachments: [{ url: 'https://localhost/a.png' }] }),
      await guestOpen({ attachments: https(6) }),
      await guestOpen({ attachments: [{ url: 'https://files.example.com/a.png', size: 10 }] }),
      await guestOpen({ message: '   ' }),
      await guestOpen({ subject: 'x' }),
      await guestOpen({ priority: 'urgent' }),
      await guestOpen({ keyId: '00000000-0000-4000-8000-000000000000', category: 'other' }),
      await guestOpen({ keyId: 'not-a-uuid', category: 'key_invalid' }),
      await guestOpen({ orderNo: 'ORDER-1' }),
      await guestOpen({ queryPassword: undefined }),
      await openAsMember(shop, alice, { orderNo: order.orderNo, contact: 'buyer@example.com', queryPassword: 'open-sesame' }),
      await openAsMember(shop, alice, { keyId: '00000000-0000-4000-8000-000000000000', category: 'key_invalid' }),
      await shop.http().post(`/api/support/tickets/${id}/messages`).set({ 'X-Ticket-Token': opened.body.accessToken }).send({ body: '' }),
      await shop.http().post(`/api/support/tickets/${id}/messages`).set({ 'X-Ticket-Token': opened.body.accessToken }).send({ body: 'hi', internal: true }),
      await shop.http().get(`/api/support/tickets/not-a-uuid`).set({ 'X-Ticket-Token': opened.body.accessToken }),
      await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'hi', status: 'closed' }),
      await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: '\n\t ' }),
      await shop.http().post(`/admin/support/tickets/${id}/notes`).set(bearer(agent)).send({ body: 'see', attachments: [{ url: 'ftp://files.example.com/a' }] }),
      await shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send({}),
      await shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send({ priority: 'super' }),
      await shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send({ assigneeId: 'someone' }),
      await shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send({ status: 'archived' }),
      await shop.http().post(`/admin/support/tickets/${id}/actions/replace-key`).set(bearer(agent)).send({ reason: 'x' }),
      await shop.http().post(`/admin/support/tickets/${id}/actions/resend-keys`).set(bearer(agent)).send({}),
      await shop.http().get('/admin/support/tickets?status=bogus').set(bearer(agent)),
      await shop.http().get('/admin/support/tickets?assignee=someone').set(bearer(agent)),
      await shop.http().get('/admin/support/tickets?limit=1000').set(bearer(agent)),
      await shop.http().get('/admin/support/figures?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z').set(bearer(agent)),
      await shop.http().get('/admin/support/figures?from=yesterday').set(bearer(agent)),
      await shop.http().get('/admin/support/figures?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z').set(bearer(agent)),
    ];
    // The index names the request that was not refused as it should be.
    refused.forEach((res, i) => expect([i, res.status, res.body.error?.code]).toEqual([i, 400, 'validation_failed']));
    expect(await supportCounts(shop)).toEqual(before);
    expect(await ticketRow(shop, id)).toEqual(rowBefore);
  });
});
