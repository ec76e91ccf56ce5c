import { ClsService } from 'nestjs-cls';
import { CloseResolvedTickets } from '../../src/modules/support/jobs/close-resolved-tickets';
import { FixedClock } from '../../src/platform/clock/clock';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, detectBreaches, memberAuth, newMember, openAsMember, published, resetSupport, supportCounts, ticketRow } from './support-tickets-helpers';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();
const BREACHED = 'support.ticket.sla-breached';

/**
 * SLA timers on a clock the test moves: due times from the priority's policy, paused while the
 * ticket waits on the buyer (due times move by the pause), breaches published once per ticket and
 * kind by the schedule, the queue ordered by the next due time, policies edited by the owner.
 */
describe('support tickets: SLA', () => {
  const clock = new FixedClock(T0);
  let shop: TestApp;
  let agent: string;
  const alice = newMember();

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(T0);
    await resetPlatformTables(shop.dataSource);
    await resetSupport(shop);
    agent = await shop.adminToken('support');
  });
  afterAll(() => shop.close());

  const minutes = (n: number) => clock.advance(n * 60_000);
  // Categories choose the starting priority: wrong_item → normal (240/1440 min), not_received → high (60/480), other → low (480/4320).
  const open = async (category: string) => {
    const res = await openAsMember(shop, alice, { category });
    expect(res.status).toBe(201);
    return res.body.ticket.id as string;
  };
  const view = async (id: string) => (await shop.http().get(`/admin/support/tickets/${id}`).set(bearer(agent))).body.ticket;
  const patch = (id: string, body: Record<string, unknown>) => shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(agent)).send(body);
  const buyerReplies = (id: string) => shop.http().post(`/api/me/tickets/${id}/messages`).set(memberAuth(shop, alice)).send({ body: 'here you go' });

  it('pauses the clock while the ticket waits on the buyer and moves the due times by the pause; the breach fires once', async () => {
    const id = await open('wrong_item');
    expect((await view(id)).sla).toMatchObject({
      clock: 'running',
      nextDueAt: at(240),
      firstResponse: { targetMinutes: 240, dueAt: at(240), respondedAt: null, met: null },
      resolution: { targetMinutes: 1440, dueAt: at(1440), resolvedAt: null, met: null },
    });

    minutes(30);
    const asked = await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'Which store is it for?', status: 'pending' });
    expect(asked.body.ticket).toMatchObject({ status: 'pending', sla: { clock: 'paused', firstResponse: { respondedAt: at(30), seconds: 1800, met: true } } });

    minutes(600); // ten hours waiting on the buyer: no clock runs, nothing is breached
    expect(await detectBreaches(shop)).toBe(0);
    expect((await view(id)).sla).toMatchObject({ clock: 'paused', pausedSeconds: 36_000, runningSeconds: 1800, resolution: { dueAt: at(1440 + 600) } });

    expect((await buyerReplies(id)).body.status).toBe('open');
    expect((await view(id)).sla).toMatchObject({ clock: 'running', pausedSeconds: 36_000, nextDueAt: at(2040), resolution: { dueAt: at(2040) } });
    expect((await ticketRow(shop, id)).resolution_due_at).toEqual(new Date(at(2040)));

    minutes(2040 - 630); // exactly at the due time: still within the target
    expect(await detectBreaches(shop)).toBe(0);
    minutes(1);
    expect(await detectBreaches(shop)).toBe(1);
    // Schedules on several workers at once, and again later: no second event.
    expect(await Promise.all([detectBreaches(shop), detectBreaches(shop), detectBreaches(shop)])).toEqual([0, 0, 0]);
    minutes(60);
    expect(await detectBreaches(shop)).toBe(0);
    expect(await published(shop, BREACHED)).toEqual([{ ticketId: id, kind: 'resolution', priority: 'normal', dueAt: at(2040), breachedAt: at(2041) }]);
    await drainEvents(shop.app);

    const resolved = await patch(id, { status: 'resolved' });
    expect(resolved.body.sla.resolution).toMatchObject({ resolvedAt: at(2101), handlingSeconds: (2101 - 600) * 60, met: false, breachedAt: at(2041) });
  });

  it('moves the first-response due time too when the agent waits on the buyer before answering', async () => {
    const id = await open('not_received'); // high: first response in 60 minutes
    minutes(10);
    expect((await patch(id, { status: 'pending' })).body.status).toBe('pending');
    minutes(120);
    await buyerReplies(id);
    expect((await view(id)).sla.firstResponse.dueAt).toBe(at(180));
    minutes(50); // T0+180
    expect(await detectBreaches(shop)).toBe(0);
    minutes(1);
    expect(await detectBreaches(shop)).toBe(1);
    expect(await published(shop, BREACHED)).toEqual([{ ticketId: id, kind: 'first_response', priority: 'high', dueAt: at(180), breachedAt: at(181) }]);
    minutes(5);
    const late = await shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(agent)).send({ body: 'Sorry for the wait' });
    expect(late.body.ticket.sla.firstResponse).toMatchObject({ respondedAt: at(186), seconds: 66 * 60, met: false, breachedAt: at(181) });
  });

  it('publishes each breach once per ticket and kind when several schedules run side by side', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => open('not_received')));
    minutes(61);
    const found = await Promise.all([detectBreaches(shop), detectBreaches(shop), detectBreaches(shop), detectBreaches(shop)]);
    expect(found.reduce((a, b) => a + b, 0)).toBe(5);
    minutes(420); // past the 480-minute resolution target
    const later = await Promise.all([detectBreaches(shop), detectBreaches(shop), detectBreaches(shop)]);
    expect(later.reduce((a, b) => a + b, 0)).toBe(5);
    expect(await detectBreaches(shop)).toBe(0);
    const events = await published(shop, BREACHED);
    expect(events).toHaveLength(10);
    for (const id of ids) {
      expect(events.filter((e) => e.ticketId === id).map((e) => e.kind).sort()).toEqual(['first_response', 'resolution']);
    }
  });

  it('orders the queue by the next due time, moving a pending ticket with its pause; filters by status, priority and assignee', async () => {
    const low = await open('other'); // first response due T0+480
    const answered = await open('wrong_item'); // normal; answered below, then due at its resolution T0+1440
    const waiting = await open('not_received'); // high, due T0+60, then pending from T0+30
    minutes(10);
    const urgent = await open('other');
    await patch(urgent, { priority: 'urgent' }); // due T0+10+15
    minutes(10);
    const high = await open('key_invalid'); // due T0+20+60
    minutes(10);
    await shop.http().post(`/admin/support/tickets/${answered}/messages`).set(bearer(agent)).send({ body: 'Looking into it' });
    await patch(waiting, { status: 'pending' });

    const queue = async (query = '') => {
      const res = await shop.http().get(`/admin/support/tickets${query}`).set(bearer(agent));
      expect(res.status).toBe(200);
      return res.body.items.map((t: { id: string }) => t.id);
    };
    expect(await queue()).toEqual([urgent, waiting, high, low, answered]);
    minutes(100); // the pending ticket's due time moves with its pause: T0+160 now
    expect(await queue()).toEqual([urgent, high, waiting, low, answered]);
    const listed = (await shop.http().get('/admin/support/tickets').set(bearer(agent))).body.items;
    expect(listed.find((t: { id: string }) => t.id === waiting).sla.nextDueAt).toBe(at(160));

    expect(await queue('?priority=urgent')).toEqual([urgent]);
    expect(await queue('?status=pending')).toEqual([waiting]);
    expect(await queue('?assignee=me')).toEqual([answered]); // the first reply takes an unassigned ticket
    expect(await queue('?assignee=none')).toEqual([urgent, high, waiting, low]);
    expect(await queue('?status=closed')).toEqual([]);
  });

  it('recomputes the due times from the opening when the priority changes', async () => {
    const id = await open('other'); // low: 480 / 4320
    minutes(10);
    const changed = await patch(id, { priority: 'urgent' });
    expect(changed.body).toMatchObject({ priority: 'urgent', sla: { firstResponse: { targetMinutes: 15, dueAt: at(15) }, resolution: { targetMinutes: 240, dueAt: at(240) } } });
    minutes(6);
    expect(await detectBreaches(shop)).toBe(1);
  });

  it("lets only the owner change a policy, which applies to tickets opened afterwards", async () => {
    const owner = await shop.adminToken('owner');
    const before = await open('wrong_item');
    const put = (token: string, body: Record<string, unknown>) => shop.http().put('/admin/support/sla-policies/normal').set(bearer(token)).send(body);

    expect((await put(agent, { firstResponseMinutes: 30, resolutionMinutes: 120 })).status).toBe(403);
    const counts = await supportCounts(shop);
    const refused = await put(owner, { firstResponseMinutes: 60, resolutionMinutes: 30 });
    expect(refused.status).toBe(400);
    expect((await put(owner, { firstResponseMinutes: 0, resolutionMinutes: 30 })).status).toBe(400);
    expect((await put(owner, { firstResponseMinutes: 30, resolutionMinutes: 120, extra: 1 })).status).toBe(400);
    expect((await shop.http().put('/admin/support/sla-policies/whenever').set(bearer(owner)).send({ firstResponseMinutes: 30, resolutionMinutes: 120 })).status).toBe(400);
    expect(await shop.dataSource.query(`SELECT first_response_minutes, resolution_minutes FROM support.sla_policies WHERE priority = 'normal'`)).toEqual([
      { first_response_minutes: 240, resolution_minutes: 1440 },
    ]);
    expect(await supportCounts(shop)).toEqual(counts);

    const saved = await put(owner, { firstResponseMinutes: 30, resolutionMinutes: 120 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ priority: 'normal', firstResponseMinutes: 30, resolutionMinutes: 120 });
    const policies = await shop.http().get('/admin/support/sla-policies').set(bearer(agent));
    expect(policies.body.items.map((p: { priority: string }) => p.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    const [audit] = await shop.dataSource.query(`SELECT action, target_id, details FROM platform.audit_log WHERE action = 'support.sla-policy.update'`);
    expect(audit).toMatchObject({ target_id: 'normal', details: { before: { firstResponseMinutes: 240 }, after: { firstResponseMinutes: 30 } } });

    const after = await open('wrong_item');
    expect((await view(after)).sla.firstResponse.dueAt).toBe(at(30));
    expect((await view(before)).sla.firstResponse.dueAt).toBe(at(240)); // the promise made at opening stands
  });

  it('closes tickets left resolved for SUPPORT_AUTO_CLOSE_DAYS; closed is final', async () => {
    const old = await open('other');
    const recent = await open('other');
    await patch(old, { status: 'resolved' });
    minutes(24 * 60);
    await patch(recent, { status: 'resolved' });
    minutes(6 * 24 * 60);
    const close = () => shop.app.get(ClsService).run(() => shop.app.get(CloseResolvedTickets).run());
    expect(await close()).toBe(1);
    expect((await view(old)).status).toBe('closed');
    expect((await view(recent)).status).toBe('resolved');
    expect(await close()).toBe(0);
    expect((await buyerReplies(old)).status).toBe(409);
    expect(await shop.dataSource.query(`SELECT actor_type, action FROM support.status_changes WHERE ticket_id = $1 ORDER BY seq`, [old])).toEqual([
      { actor_type: 'agent', action: 'resolve' },
      { actor_type: 'system', action: 'auto_close' },
    ]);
  });
});
