import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, detectBreaches, memberAuth, newMember, openAsMember, resetSupport } from './support-tickets-helpers';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();

/**
 * The figures on a small worked example (times in minutes after T0; all tickets opened at T0):
 *
 * | ticket | priority (FR/res) | agent | what happens                                                | FR        | handling          |
 * | t1     | normal (240/1440) | A     | answered at 10, resolved at 60                              | 600 s met | 3600 s met        |
 * | t2     | normal            | A     | answered at 30 (pending), buyer back at 90, resolved at 150 | 1800 s met| 5400 s met (90-60 paused) |
 * | t3     | high (60/480)     | B     | first response breached at 61, answered at 90, resolved 200 | 5400 s miss | 12000 s met     |
 * | t4     | low               | none  | open                                                        |           |                   |
 * | t5     | high              | B     | open, first response breached at 61                         | miss      |                   |
 */
describe('support tickets: figures', () => {
  const clock = new FixedClock(T0);
  let shop: TestApp;
  let a: string;
  let b: string;
  let aId: string;
  let bId: string;
  const buyer = newMember();

  beforeAll(async () => {
    shop = await createTestApp({ clock });
    await resetPlatformTables(shop.dataSource);
    await resetSupport(shop);
    a = await shop.adminToken('support');
    aId = (await shop.dataSource.query(`SELECT id FROM platform.admin_users`))[0].id;
    b = await shop.adminToken('support');
    bId = (await shop.dataSource.query(`SELECT id FROM platform.admin_users WHERE id <> $1`, [aId]))[0].id;

    const open = async (category: string) => (await openAsMember(shop, buyer, { category })).body.ticket.id as string;
    const reply = (token: string, id: string, status?: string) =>
      shop.http().post(`/admin/support/tickets/${id}/messages`).set(bearer(token)).send({ body: 'On it', ...(status ? { status } : {}) });
    const resolve = (token: string, id: string) => shop.http().patch(`/admin/support/tickets/${id}`).set(bearer(token)).send({ status: 'resolved' });
    const until = (minutes: number) => clock.set(new Date(at(minutes)));

    const [t1, t2, t3, , t5] = [await open('wrong_item'), await open('wrong_item'), await open('not_received'), await open('other'), await open('not_received')];
    await shop.http().patch(`/admin/support/tickets/${t5}`).set(bearer(a)).send({ assigneeId: bId });
    until(10);
    await reply(a, t1);
    until(30);
    await reply(a, t2, 'pending');
    until(60);
    await resolve(a, t1);
    until(61);
    expect(await detectBreaches(shop)).toBe(2); // t3 and t5: first response
    until(90);
    await shop.http().post(`/api/me/tickets/${t2}/messages`).set(memberAuth(shop, buyer)).send({ body: 'It is for the US store' });
    await reply(b, t3);
    until(150);
    await resolve(a, t2);
    until(200);
    expect((await resolve(b, t3)).body.sla.resolution).toMatchObject({ handlingSeconds: 12_000, met: true });
  });
  afterAll(() => shop.close());

  const figures = async (query: string) => {
    const res = await shop.http().get(`/admin/support/figures${query}`).set(bearer(a));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('gives the backlog now, the medians and the SLA hit rate over the window, for everyone and per agent', async () => {
    const body = await figures(`?from=${at(0)}&to=${at(24 * 60)}`);
    expect(body).toMatchObject({
      from: at(0),
      to: at(24 * 60),
      backlog: { total: 2, byStatus: { open: 2, pending: 0 }, byPriority: { urgent: 0, high: 1, normal: 0, low: 1 } },
      firstResponse: { count: 3, medianSeconds: 1800 },
      handling: { count: 3, medianSeconds: 5400 },
      sla: {
        firstResponse: { decided: 4, met: 2, hitRate: 0.5 },
        resolution: { decided: 3, met: 3, hitRate: 1 },
        overall: { decided: 7, met: 5, hitRate: 0.7143 },
      },
    });
    const perAgent = Object.fromEntries(body.perAgent.map((r: { agent: { id: string } | null }) => [r.agent?.id ?? 'unassigned', r]));
    expect(Object.keys(perAgent).sort()).toEqual([aId, bId, 'unassigned'].sort());
    expect(perAgent[aId]).toMatchObject({
      agent: { id: aId, email: expect.stringMatching(/^support-.*@test\.local$/) },
      backlog: 0,
      firstResponse: { count: 2, medianSeconds: 1200 }, // 600 and 1800: the median of an even count is their mean
      handling: { count: 2, medianSeconds: 4500 },
      sla: { firstResponse: { decided: 2, met: 2, hitRate: 1 }, resolution: { decided: 2, met: 2, hitRate: 1 }, overall: { decided: 4, met: 4, hitRate: 1 } },
    });
    expect(perAgent[bId]).toMatchObject({
      backlog: 1,
      firstResponse: { count: 1, medianSeconds: 5400 },
      handling: { count: 1, medianSeconds: 12_000 },
      sla: { firstResponse: { decided: 2, met: 0, hitRate: 0 }, resolution: { decided: 1, met: 1, hitRate: 1 }, overall: { decided: 3, met: 1, hitRate: 0.3333 } },
    });
    expect(perAgent.unassigned).toMatchObject({
      agent: null,
      backlog: 1,
      firstResponse: { count: 0, medianSeconds: null },
      handling: { count: 0, medianSeconds: null },
      sla: { overall: { decided: 0, met: 0, hitRate: null } },
    });
  });

  it('counts only what happened inside the window; the backlog stays as of now', async () => {
    const early = await figures(`?from=${at(0)}&to=${at(100)}`);
    expect(early).toMatchObject({
      backlog: { total: 2 },
      firstResponse: { count: 3, medianSeconds: 1800 },
      handling: { count: 1, medianSeconds: 3600 }, // only t1 was resolved before minute 100
      sla: { firstResponse: { decided: 4, met: 2 }, resolution: { decided: 1, met: 1 } },
    });
    const later = await figures(`?from=${at(24 * 60)}&to=${at(48 * 60)}`);
    expect(later).toMatchObject({
      backlog: { total: 2 },
      firstResponse: { count: 0, medianSeconds: null },
      handling: { count: 0, medianSeconds: null },
      sla: { overall: { decided: 0, hitRate: null } },
    });
    clock.set(new Date(at(201)));
    const byDefault = await figures(''); // the last 30 days up to now (exclusive: t3 was resolved at minute 200)
    expect(byDefault).toMatchObject({ to: at(201), from: new Date(T0.getTime() + 201 * 60_000 - 30 * 86_400_000).toISOString(), handling: { count: 3 } });
  });
});
