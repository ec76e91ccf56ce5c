import { ClsService } from 'nestjs-cls';
import { MembershipFacade } from '../../src/modules/membership';
import { FixedClock } from '../../src/platform/clock/clock';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, createLevel, deliver, levelChanges, me, paid, publish, register, refunded, resetMembership, standing } from './membership-helpers';

/** Points at MEMBER_POINTS_PER_UNIT = 2: two points per whole currency unit paid. */
describe('member points', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock, env: { MEMBER_POINTS_PER_UNIT: '2' } });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetMembership(shop);
  });
  afterAll(() => shop.close());

  const ledger = async (memberId: string) =>
    shop.dataSource.query(
      `SELECT kind, amount_minor AS "amountMinor", rate, points, spend_minor AS "spendMinor" FROM membership.points_ledger WHERE member_id = $1 ORDER BY at, kind`,
      [memberId],
    );

  it('earns floor(paid / 100) × rate and adds the spend', async () => {
    const member = await register(shop);
    await deliver(shop, paid(member.id, 25_99));
    expect(await standing(shop, member.id)).toMatchObject({ points: 50, spend: 25_99 });
    await deliver(shop, paid(member.id, 99));
    expect(await standing(shop, member.id)).toMatchObject({ points: 50, spend: 26_98 });
    expect(await ledger(member.id)).toEqual([
      { kind: 'earn', amountMinor: 25_99, rate: 2, points: 50, spendMinor: 25_99 },
      { kind: 'earn', amountMinor: 99, rate: 2, points: 0, spendMinor: 99 },
    ]);
  });

  it('takes back the points of a partial refund, then the rest on the final one', async () => {
    const member = await register(shop);
    const order = paid(member.id, 25_99); // 50 points
    await deliver(shop, order);
    clock.advance(60_000);
    await deliver(shop, refunded(order, 10_50)); // floor(10.50) × 2 = 20
    expect(await standing(shop, member.id)).toMatchObject({ points: 30, spend: 15_49 });
    clock.advance(60_000);
    await deliver(shop, refunded(order, 15_49)); // 25.99 refunded in all: all 50 back
    expect(await standing(shop, member.id)).toMatchObject({ points: 0, spend: 0 });
    expect(await ledger(member.id)).toEqual([
      { kind: 'earn', amountMinor: 25_99, rate: 2, points: 50, spendMinor: 25_99 },
      { kind: 'revoke', amountMinor: 10_50, rate: 2, points: -20, spendMinor: -10_50 },
      { kind: 'revoke', amountMinor: 15_49, rate: 2, points: -30, spendMinor: -15_49 },
    ]);
  });

  it('counts split refunds together: 1.50 + 1.50 of 3.00 take back 2 then 4 points', async () => {
    const member = await register(shop);
    const order = paid(member.id, 3_00); // 6 points
    await deliver(shop, order);
    await deliver(shop, refunded(order, 1_50));
    expect((await standing(shop, member.id)).points).toBe(4);
    await deliver(shop, refunded(order, 1_50));
    expect(await standing(shop, member.id)).toMatchObject({ points: 0, spend: 0 });
  });

  it('never takes back more than the order earned, nor other orders\' points', async () => {
    const member = await register(shop);
    const first = paid(member.id, 10_00); // 20 points
    await deliver(shop, first, paid(member.id, 40_00)); // + 80 points
    await deliver(shop, refunded(first, 10_00), refunded(first, 5_00)); // the second asks for more than is left
    expect(await standing(shop, member.id)).toMatchObject({ points: 80, spend: 40_00 });
  });

  it('skips orders of members it does not know, without retries or dead letters', async () => {
    const stranger = paid('00000000-0000-4000-8000-000000000000', 100_00);
    await deliver(shop, stranger, refunded(stranger, 10_00));
    const [{ rows }] = await shop.dataSource.query(`SELECT count(*)::int AS rows FROM membership.points_ledger`);
    expect(rows).toBe(0);
    const dead = await shop.dataSource.query(`SELECT subscriber FROM platform.dead_letters WHERE subscriber LIKE 'membership.%'`);
    expect(dead).toEqual([]);
  });

  it('ignores guests\' orders', async () => {
    const member = await register(shop);
    const guest = paid(null, 100_00);
    await deliver(shop, guest, refunded(guest, 100_00));
    expect(await standing(shop, member.id)).toMatchObject({ points: 0, spend: 0 });
    const [{ rows }] = await shop.dataSource.query(`SELECT count(*)::int AS rows FROM membership.points_ledger`);
    expect(rows).toBe(0);
  });

  it('applies a refund that arrives before its payment once the payment is in (dead letter, redriven)', async () => {
    const member = await register(shop);
    const order = paid(member.id, 20_00);
    const [refundId] = await deliver(shop, refunded(order, 5_00));
    const [dead] = await shop.dataSource.query(`SELECT subscriber FROM platform.dead_letters WHERE event_id = $1`, [refundId]);
    expect(dead.subscriber).toBe('membership.revoke-points');
    expect(await standing(shop, member.id)).toMatchObject({ points: 0, spend: 0 });
    await deliver(shop, order);
    const operator = await shop.adminToken('operator');
    const redrive = await shop.http().post(`/admin/events/dead-letters/${refundId}/membership.revoke-points/redrive`).set(bearer(operator));
    expect(redrive.status).toBe(200);
    await drainEvents(shop.app);
    expect(await standing(shop, member.id)).toMatchObject({ points: 30, spend: 15_00 });
  });

  it('applies parallel events of one member one after the other, announcing each level change once', async () => {
    const silver = await createLevel(shop, await shop.adminToken('marketing'), { name: 'Silver', thresholdKind: 'spend', threshold: 10_00, discountPercent: 5 });
    const member = await register(shop);
    const orders = Array.from({ length: 20 }, () => paid(member.id, 1_00));
    await Promise.all(orders.map((o) => publish(shop, o)));
    await drainEvents(shop.app);
    expect(await standing(shop, member.id)).toEqual({ points: 40, spend: 20_00, levelId: silver.id });
    await Promise.all(orders.map((o) => publish(shop, refunded(o, 1_00))));
    await drainEvents(shop.app);
    expect(await standing(shop, member.id)).toEqual({ points: 0, spend: 0, levelId: null });
    expect(await levelChanges(shop, member.id)).toEqual([
      { from: null, to: silver.id },
      { from: silver.id, to: null },
    ]);
  });

  it('shows points and spend to the member and, with the ledger, to support and operators only', async () => {
    const member = await register(shop, { email: 'lee@example.com', displayName: 'Lee' });
    const other = await register(shop, { email: 'leo@example.com' });
    await register(shop, { email: 'max@example.com' });
    const order = paid(member.id, 12_34);
    await deliver(shop, order, refunded(order, 2_34));
    expect(await me(shop, member.accessToken)).toMatchObject({ points: 20, lifetimeSpendMinor: 10_00 });

    for (const role of ['support', 'operator']) {
      const token = await shop.adminToken(role);
      const list = await shop.http().get('/admin/members?email=LE&limit=10').set(bearer(token));
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((m: { id: string }) => m.id).sort()).toEqual([member.id, other.id].sort());
      const one = await shop.http().get(`/admin/members/${member.id}`).set(bearer(token));
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: member.id, email: 'lee@example.com', displayName: 'Lee', points: 20, lifetimeSpendMinor: 10_00, activeSessions: 1 });
      expect(one.body.ledger.total).toBe(2);
      expect(one.body.ledger.items.map((e: { kind: string; points: number }) => [e.kind, e.points]).sort()).toEqual([
        ['earn', 24],
        ['revoke', -4],
      ]);
    }
    const paged = await shop.http().get(`/admin/members/${member.id}?limit=1&offset=1`).set(bearer(await shop.adminToken('support')));
    expect(paged.body.ledger).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.body.ledger.items).toHaveLength(1);
    for (const role of ['marketing', 'finance']) {
      const token = await shop.adminToken(role);
      expect((await shop.http().get('/admin/members').set(bearer(token))).status).toBe(403);
      expect((await shop.http().get(`/admin/members/${member.id}`).set(bearer(token))).status).toBe(403);
    }
    expect((await shop.http().get('/admin/members').set(bearer(member.accessToken))).status).toBe(401);
    const support = await shop.adminToken('support');
    expect((await shop.http().get('/admin/members/00000000-0000-4000-8000-000000000000').set(bearer(support))).status).toBe(404);
    expect((await shop.http().get('/admin/members/nope').set(bearer(support))).status).toBe(400);
    expect((await shop.http().get('/admin/members?limit=500').set(bearer(support))).status).toBe(400);
  });

  it('answers other modules through the facade', async () => {
    const member = await register(shop, { email: 'Nia@Example.com' });
    await deliver(shop, paid(member.id, 5_00));
    const facade = <T>(call: (f: MembershipFacade) => Promise<T>) => shop.app.get(ClsService).run(() => call(shop.app.get(MembershipFacade)));
    const profile = await facade((f) => f.findByEmail(' NIA@example.com '));
    expect(profile).toEqual({
      memberId: member.id,
      email: 'nia@example.com',
      displayName: null,
      levelId: null,
      levelName: null,
      points: 10,
      lifetimeSpendMinor: 5_00,
      registeredAt: '2026-11-24T12:00:00.000Z',
    });
    expect(await facade((f) => f.profileOf(member.id))).toEqual(profile);
    expect(await facade((f) => f.pricingOf(member.id))).toEqual({ memberId: member.id, levelId: null, levelName: null, discountPercent: 0 });
    expect(await facade((f) => f.profileOf('00000000-0000-4000-8000-000000000000'))).toBeNull();
    expect(await facade((f) => f.profileOf('not-a-uuid'))).toBeNull();
    expect(await facade((f) => f.findByEmail('nobody@example.com'))).toBeNull();
    await expect(facade((f) => f.pricingOf('00000000-0000-4000-8000-000000000000'))).rejects.toMatchObject({ code: 'member_not_found' });
  });
});
