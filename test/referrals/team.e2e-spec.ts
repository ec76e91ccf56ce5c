import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { asMember, bearer, chain, pay, refund, register, resetReferrals, setRates, settle } from './referrals-helpers';

const DAY = 86_400_000;

/** What a member sees of their team, and the ranks that team earns them. */
describe('team view and ranks', () => {
  const start = new Date('2026-11-24T12:00:00Z');
  const clock = new FixedClock(start);
  let shop: TestApp;
  let finance: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock, env: { PUBLIC_BASE_URL: 'https://shop.example.com' } });
  });
  beforeEach(async () => {
    clock.set(start);
    await resetPlatformTables(shop.dataSource);
    await resetReferrals(shop);
    finance = await shop.adminToken('finance');
    await setRates(shop, finance, 2, [1000, 500]);
  });
  afterAll(() => shop.close());

  const team = (memberId: string, query = '') => shop.http().get(`/api/me/team${query}`).set(asMember(shop, memberId));

  it('shows the code and link, team size by level, team sales and commissions by status', async () => {
    // me ← a, b, c;  a ← a1, a2;  a1 ← a1x;  a1x ← deep (4 levels below me)
    const me = await register(shop);
    const [a, b, c] = [await register(shop, me), await register(shop, me), await register(shop, me)];
    const a1 = await register(shop, a);
    await register(shop, a); // a2
    const a1x = await register(shop, a1);
    const deep = await register(shop, a1x);

    const settledOrder = await pay(shop, a.id, 10_000); // me: 1000 (level 1)
    await pay(shop, a1.id, 20_000); // me: 1000 (level 2)
    const cancelled = await pay(shop, b.id, 3_000); // me: 300, refunded wholly below
    await pay(shop, deep.id, 7_000); // 4 levels below: team sales only, no commission for me
    await refund(shop, cancelled, b.id, 3_000);
    clock.set(new Date(start.getTime() + 7 * DAY));
    await settle(shop);
    await pay(shop, c.id, 5_000); // me: 500, still frozen
    await refund(shop, settledOrder, a.id, 10_000); // settled 1000 clawed back

    const res = await team(me.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: me.code,
      link: `https://shop.example.com/?ref=${me.code}`,
      currency: 'CNY',
      referrer: null,
      rank: null,
      team: { directCount: 3, sizeByLevel: { '1': 3, '2': 2, '3': 1 }, totalSize: 7, salesMinor: 20_000 + 7_000 + 5_000 },
      ownSalesMinor: 0,
      commissions: {
        frozen: { count: 1, amountMinor: 500, reversedMinor: 0, creditedMinor: 0 },
        settled: { count: 1, amountMinor: 1000, reversedMinor: 0, creditedMinor: 1000 },
        cancelled: { count: 1, amountMinor: 300, reversedMinor: 300, creditedMinor: 0 },
        clawed_back: { count: 1, amountMinor: 1000, reversedMinor: 1000, creditedMinor: 1000 },
      },
      directMembers: { total: 3, limit: 50, offset: 0 },
    });
    expect(res.body.directMembers.items.map((m: { code: string }) => m.code).sort()).toEqual([a.code, b.code, c.code].sort());
    expect(res.body.directMembers.items.find((m: { code: string }) => m.code === a.code)).toMatchObject({ directCount: 2, teamSize: 4, salesMinor: 0, teamSalesMinor: 27_000 });

    const page = await team(me.id, '?limit=2&offset=2');
    expect(page.body.directMembers).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(page.body.directMembers.items).toHaveLength(1);

    const mine = await team(a1.id);
    expect(mine.body).toMatchObject({ referrer: { code: a.code }, team: { sizeByLevel: { '1': 1, '2': 1, '3': 0 }, totalSize: 2, salesMinor: 7_000 }, ownSalesMinor: 20_000 });

    const list = await shop.http().get('/api/me/commissions?status=frozen').set(asMember(shop, me.id));
    expect(list.body).toMatchObject({ total: 1, items: [expect.objectContaining({ level: 1, amountMinor: 500, status: 'frozen' })] });
    expect((await shop.http().get('/api/me/commissions?status=paid').set(asMember(shop, me.id))).status).toBe(400);
    expect((await team(me.id, '?limit=0')).status).toBe(400);
    expect((await shop.http().get('/api/me/team')).status).toBe(401);
  });

  it('shows a member who never registered here an empty team with their new code', async () => {
    const res = await team(randomUUID());
    expect(res.status).toBe(200);
    expect(res.body.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(res.body.team).toEqual({ directCount: 0, sizeByLevel: { '1': 0, '2': 0, '3': 0 }, totalSize: 0, salesMinor: 0 });
  });

  it('ranks members by direct members and team sales, re-ranks everyone when ranks change, and audits it', async () => {
    const [leader, x, y] = await chain(shop, 3);
    await register(shop, leader);
    await pay(shop, y.id, 30_000);
    const marketing = await shop.adminToken('marketing');
    expect((await shop.http().post('/admin/referrals/ranks').set(bearer(marketing)).send({ name: 'Silver', position: 1, minDirectMembers: 2, minTeamSalesMinor: 0, rateBpsByLevel: [1200] })).status).toBe(403);
    const silver = await shop.http().post('/admin/referrals/ranks').set(bearer(finance)).send({ name: 'Silver', position: 1, minDirectMembers: 2, minTeamSalesMinor: 0, rateBpsByLevel: [1200] });
    expect(silver.status).toBe(201);
    const gold = await shop.http().post('/admin/referrals/ranks').set(bearer(finance)).send({ name: 'Gold', position: 2, minDirectMembers: 1, minTeamSalesMinor: 30_000, rateBpsByLevel: [1500] });
    const rankOf = async (id: string) => (await team(id)).body.rank;
    expect(await rankOf(leader.id)).toEqual({ id: gold.body.id, name: 'Gold' }); // meets both; Gold is senior
    expect(await rankOf(x.id)).toEqual({ id: gold.body.id, name: 'Gold' });

    // Raising Gold's threshold moves the leader back to Silver and x to nothing.
    const raised = await shop.http().patch(`/admin/referrals/ranks/${gold.body.id}`).set(bearer(finance)).send({ minTeamSalesMinor: 50_000 });
    expect(raised.status).toBe(200);
    expect(await rankOf(leader.id)).toEqual({ id: silver.body.id, name: 'Silver' });
    expect(await rankOf(x.id)).toBeNull();
    // Deleting Silver leaves the leader without a rank.
    expect((await shop.http().delete(`/admin/referrals/ranks/${silver.body.id}`).set(bearer(finance))).status).toBe(204);
    expect(await rankOf(leader.id)).toBeNull();

    const bad = [
      { name: 'Zero', position: 3, minDirectMembers: 0, minTeamSalesMinor: 0, rateBpsByLevel: [100] }, // no threshold
      { name: 'Deep', position: 3, minDirectMembers: 1, minTeamSalesMinor: 0, rateBpsByLevel: [100, 100, 100, 100] },
      { name: 'Gold', position: 3, minDirectMembers: 1, minTeamSalesMinor: 0 },
    ];
    for (const body of bad) expect((await shop.http().post('/admin/referrals/ranks').set(bearer(finance)).send(body)).status).toBe(400);
    const clash = await shop.http().post('/admin/referrals/ranks').set(bearer(finance)).send({ name: 'gold', position: 3, minDirectMembers: 1, minTeamSalesMinor: 0, rateBpsByLevel: [100] });
    expect(clash.status).toBe(409);
    expect((await shop.http().get('/admin/referrals/ranks').set(bearer(marketing))).body.items.map((r: { name: string }) => r.name)).toEqual(['Gold']);
    const actions = await shop.dataSource.query(`SELECT action FROM platform.audit_log WHERE action LIKE 'referrals.rank.%' ORDER BY at, action`);
    expect(actions.map((a: { action: string }) => a.action).sort()).toEqual(['referrals.rank.create', 'referrals.rank.create', 'referrals.rank.delete', 'referrals.rank.update']);
  });

  it('shows support and operators a member\'s referral summary', async () => {
    const [top, member] = await chain(shop, 2);
    const res = await shop.http().get(`/admin/referrals/members/${member.id}`).set(bearer(await shop.adminToken('support')));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: member.id, code: member.code, referrerId: top.id, teamSize: 0, walletBalanceMinor: 0, link: `https://shop.example.com/?ref=${member.code}` });
    expect((await shop.http().get(`/admin/referrals/members/${randomUUID()}`).set(bearer(finance))).status).toBe(404);
  });
});
