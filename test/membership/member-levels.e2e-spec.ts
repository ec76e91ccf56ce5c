import { ClsService } from 'nestjs-cls';
import { MembershipFacade } from '../../src/modules/membership';
import { RecalculateLevels } from '../../src/modules/membership/jobs/recalculate-levels';
import { FixedClock } from '../../src/platform/clock/clock';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, createLevel, deliver, levelChanges, me, membershipState, paid, register, refunded, resetMembership, standing } from './membership-helpers';

describe('member levels', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let marketing: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetMembership(shop);
    marketing = await shop.adminToken('marketing');
  });
  afterAll(() => shop.close());

  const facade = <T>(call: (f: MembershipFacade) => Promise<T>) => shop.app.get(ClsService).run(() => call(shop.app.get(MembershipFacade)));

  describe('in the admin', () => {
    it('are created, listed in ladder order, changed and deleted by marketing, audited', async () => {
      const gold = await createLevel(shop, marketing, { name: 'Gold', thresholdKind: 'spend', threshold: 500_00, discountPercent: 10, benefits: 'Free express delivery' });
      await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      await createLevel(shop, marketing, { name: 'Fan', thresholdKind: 'points', threshold: 300, discountPercent: 7 });
      const list = await shop.http().get('/admin/members/levels').set(bearer(marketing));
      expect(list.status).toBe(200);
      expect(list.body.items.map((l: { name: string }) => l.name)).toEqual(['Silver', 'Fan', 'Gold']);
      expect(list.body.items[2]).toMatchObject({ id: gold.id, thresholdKind: 'spend', threshold: 500_00, discountPercent: 10, benefits: 'Free express delivery', members: 0 });

      const changed = await shop.http().patch(`/admin/members/levels/${gold.id}`).set(bearer(marketing)).send({ discountPercent: 12, name: 'Gold+' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Gold+', discountPercent: 12, threshold: 500_00 });
      expect((await shop.http().delete(`/admin/members/levels/${gold.id}`).set(bearer(marketing))).status).toBe(204);
      expect((await shop.http().get(`/admin/members/levels/${gold.id}`).set(bearer(marketing))).status).toBe(404);

      const audit = await shop.dataSource.query(`SELECT action FROM platform.audit_log WHERE action LIKE 'membership.level.%' ORDER BY at, action`);
      expect(audit.map((a: { action: string }) => a.action).sort()).toEqual([
        'membership.level.create',
        'membership.level.create',
        'membership.level.create',
        'membership.level.delete',
        'membership.level.update',
      ]);
    });

    it('are for marketing (and the owner) only', async () => {
      const level = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      for (const role of ['support', 'operator', 'finance']) {
        const token = await shop.adminToken(role);
        expect((await shop.http().get('/admin/members/levels').set(bearer(token))).status).toBe(403);
        expect((await shop.http().post('/admin/members/levels').set(bearer(token)).send({ name: 'X', thresholdKind: 'spend', threshold: 1, discountPercent: 1 })).status).toBe(403);
        expect((await shop.http().patch(`/admin/members/levels/${level.id}`).set(bearer(token)).send({ discountPercent: 50 })).status).toBe(403);
        expect((await shop.http().delete(`/admin/members/levels/${level.id}`).set(bearer(token))).status).toBe(403);
      }
      expect((await shop.http().get('/admin/members/levels')).status).toBe(401);
      const owner = await shop.adminToken('owner');
      expect((await shop.http().get('/admin/members/levels').set(bearer(owner))).status).toBe(200);
      expect((await shop.http().get(`/admin/members/levels/${level.id}`).set(bearer(marketing))).body.discountPercent).toBe(5);
    });

    it('refuses bad levels with 400 (409 for a taken name) and changes nothing', async () => {
      const level = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      const before = await membershipState(shop);
      const ok = { name: 'Gold', thresholdKind: 'spend', threshold: 500_00, discountPercent: 10 };
      for (const body of [
        { ...ok, threshold: -1 },
        { ...ok, threshold: 1.5 },
        { ...ok, threshold: '100' },
        { ...ok, discountPercent: 101 },
        { ...ok, discountPercent: -1 },
        { ...ok, discountPercent: 2.5 },
        { ...ok, thresholdKind: 'visits' },
        { ...ok, name: '' },
        { ...ok, name: 'x'.repeat(51) },
        { ...ok, color: 'gold' },
        { name: 'Gold', thresholdKind: 'spend', discountPercent: 10 },
      ]) {
        const res = await shop.http().post('/admin/members/levels').set(bearer(marketing)).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      const taken = await shop.http().post('/admin/members/levels').set(bearer(marketing)).send({ ...ok, name: 'SILVER' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('level_name_taken');
      expect((await shop.http().patch(`/admin/members/levels/${level.id}`).set(bearer(marketing)).send({})).status).toBe(400);
      expect((await shop.http().patch(`/admin/members/levels/${level.id}`).set(bearer(marketing)).send({ threshold: -5 })).status).toBe(400);
      expect((await shop.http().patch('/admin/members/levels/not-a-uuid').set(bearer(marketing)).send({ threshold: 5 })).status).toBe(400);
      expect(await membershipState(shop)).toBe(before);
      const missing = await shop.http().patch('/admin/members/levels/00000000-0000-4000-8000-000000000000').set(bearer(marketing)).send({ threshold: 5 });
      expect(missing.status).toBe(404);
    });

    it('deletes only a level no member is at', async () => {
      const base = await createLevel(shop, marketing, { name: 'Member', thresholdKind: 'spend', threshold: 0, discountPercent: 0 });
      await register(shop);
      const res = await shop.http().delete(`/admin/members/levels/${base.id}`).set(bearer(marketing));
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'level_in_use', details: { members: 1 } });
      // Raised out of reach, the member moves out (in the background) and the level can go.
      await shop.http().patch(`/admin/members/levels/${base.id}`).set(bearer(marketing)).send({ threshold: 1_000_00 });
      await drainEvents(shop.app);
      expect((await shop.http().delete(`/admin/members/levels/${base.id}`).set(bearer(marketing))).status).toBe(204);
    });
  });

  describe('of members', () => {
    it('start at the level zero spend reaches, announced once', async () => {
      const base = await createLevel(shop, marketing, { name: 'Member', thresholdKind: 'spend', threshold: 0, discountPercent: 0, benefits: 'Welcome!' });
      const member = await register(shop);
      expect((await me(shop, member.accessToken)).level).toEqual({ id: base.id, name: 'Member', discountPercent: 0, benefits: 'Welcome!' });
      expect(await levelChanges(shop, member.id)).toEqual([{ from: null, to: base.id }]);
    });

    it('follow spend: up on a paid order, down on a refund, one MemberLevelChangedV1 per change', async () => {
      const silver = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5, benefits: '5 % off' });
      const gold = await createLevel(shop, marketing, { name: 'Gold', thresholdKind: 'spend', threshold: 500_00, discountPercent: 10 });
      const member = await register(shop);
      expect(await me(shop, member.accessToken)).toMatchObject({ level: null, nextLevel: { id: silver.id, name: 'Silver', thresholdKind: 'spend', threshold: 100_00, missing: 100_00 } });

      const small = paid(member.id, 99_99);
      await deliver(shop, small);
      expect((await standing(shop, member.id)).levelId).toBeNull();
      expect(await levelChanges(shop, member.id)).toEqual([]);

      await deliver(shop, paid(member.id, 1)); // 100.00 in all: exactly the threshold
      expect(await me(shop, member.accessToken)).toMatchObject({
        lifetimeSpendMinor: 100_00,
        level: { id: silver.id, name: 'Silver', discountPercent: 5, benefits: '5 % off' },
        nextLevel: { id: gold.id, name: 'Gold', threshold: 500_00, missing: 400_00 },
      });
      expect(await levelChanges(shop, member.id)).toEqual([{ from: null, to: silver.id }]);

      const big = paid(member.id, 450_00);
      await deliver(shop, big);
      expect((await me(shop, member.accessToken)).nextLevel).toBeNull();
      await deliver(shop, refunded(big, 100_00)); // 450.00 left: back to Silver
      await deliver(shop, refunded(small, 50_00)); // 400.00: still Silver, no event
      expect(await levelChanges(shop, member.id)).toEqual([
        { from: null, to: silver.id },
        { from: silver.id, to: gold.id },
        { from: gold.id, to: silver.id },
      ]);
      expect(await facade((f) => f.pricingOf(member.id))).toEqual({ memberId: member.id, levelId: silver.id, levelName: 'Silver', discountPercent: 5 });
    });

    it('follow points, and the best level reached wins when kinds are mixed', async () => {
      const silver = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      const fan = await createLevel(shop, marketing, { name: 'Fan', thresholdKind: 'points', threshold: 300, discountPercent: 7 });
      const member = await register(shop);
      const order = paid(member.id, 299_99); // 299 points (rate 1)
      await deliver(shop, order);
      expect(await me(shop, member.accessToken)).toMatchObject({ points: 299, level: { id: silver.id }, nextLevel: { id: fan.id, thresholdKind: 'points', threshold: 300, missing: 1 } });
      await deliver(shop, paid(member.id, 1_00));
      expect((await me(shop, member.accessToken)).level.id).toBe(fan.id);
      await deliver(shop, refunded(order, 200_00)); // 300 − 200 = 100 points, 100.99 spend: Silver again
      expect(await me(shop, member.accessToken)).toMatchObject({ points: 100, lifetimeSpendMinor: 100_99, level: { id: silver.id } });
      expect(await levelChanges(shop, member.id)).toEqual([
        { from: null, to: silver.id },
        { from: silver.id, to: fan.id },
        { from: fan.id, to: silver.id },
      ]);
    });

    it('change nothing when an event is delivered again', async () => {
      const silver = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      const member = await register(shop);
      const order = paid(member.id, 150_00);
      const [paidId] = await deliver(shop, order);
      const [refundId] = await deliver(shop, refunded(order, 100_00));
      const after = await standing(shop, member.id);
      expect(after).toEqual({ points: 50, spend: 50_00, levelId: null });

      // Past the inbox: the handler itself sees each event again.
      await shop.dataSource.query(`DELETE FROM platform.inbox WHERE event_id = ANY($1::uuid[])`, [[paidId, refundId]]);
      const { EventDeliveryWorker } = await import('../../src/platform/events/event-delivery-worker');
      const worker = shop.app.get(EventDeliveryWorker);
      const job = (eventId: string, subscriber: string) => ({ id: eventId, name: 'deliver', data: { eventId, subscriber }, attemptsMade: 0, maxAttempts: 1 });
      await worker.deliver(job(paidId, 'membership.earn-points'));
      await worker.deliver(job(refundId, 'membership.revoke-points'));
      // And the same order paid again under another event: it earned already.
      await deliver(shop, order);
      expect(await standing(shop, member.id)).toEqual(after);
      expect(await levelChanges(shop, member.id)).toEqual([
        { from: null, to: silver.id },
        { from: silver.id, to: null },
      ]);
      const [{ rows }] = await shop.dataSource.query(`SELECT count(*)::int AS rows FROM membership.points_ledger`);
      expect(rows).toBe(2);
    });

    it('are recalculated in the background after a level edit, announcing each member who moved', async () => {
      const silver = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      const members = [];
      for (const spend of [50_00, 150_00, 250_00]) {
        const m = await register(shop);
        await deliver(shop, paid(m.id, spend));
        members.push(m);
      }
      const [low, mid, high] = members;
      const res = await shop.http().patch(`/admin/members/levels/${silver.id}`).set(bearer(marketing)).send({ threshold: 200_00 });
      expect(res.status).toBe(200);
      // Reads follow the edit at once (whether or not the recalculation has run yet)...
      expect(await facade((f) => f.pricingOf(mid.id))).toMatchObject({ levelId: null, discountPercent: 0 });
      // ...and the stored level once the recalculation has run.
      await drainEvents(shop.app);
      expect((await standing(shop, mid.id)).levelId).toBeNull();
      expect((await standing(shop, high.id)).levelId).toBe(silver.id);
      expect(await levelChanges(shop, low.id)).toEqual([]);
      expect(await levelChanges(shop, mid.id)).toEqual([
        { from: null, to: silver.id },
        { from: silver.id, to: null },
      ]);
      expect(await levelChanges(shop, high.id)).toEqual([{ from: null, to: silver.id }]);
      // Running it again finds nobody stale.
      expect(await shop.app.get(RecalculateLevels).run()).toBe(0);

      const gold = await createLevel(shop, marketing, { name: 'Gold', thresholdKind: 'spend', threshold: 240_00, discountPercent: 10 });
      await drainEvents(shop.app);
      expect(await levelChanges(shop, high.id)).toEqual([
        { from: null, to: silver.id },
        { from: silver.id, to: gold.id },
      ]);
      expect(await levelChanges(shop, low.id)).toEqual([]);
    });

    it('are read live from the levels while the stored level waits for its recalculation', async () => {
      const silver = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      const member = await register(shop);
      await deliver(shop, paid(member.id, 150_00));
      // An edit whose recalculation has not run yet (made here without queuing one).
      await shop.dataSource.query(`UPDATE membership.levels SET threshold = 20000 WHERE id = $1`, [silver.id]);
      await shop.dataSource.query(`UPDATE membership.level_revision SET revision = revision + 1`);
      expect(await facade((f) => f.pricingOf(member.id))).toEqual({ memberId: member.id, levelId: null, levelName: null, discountPercent: 0 });
      expect((await me(shop, member.accessToken)).nextLevel).toMatchObject({ id: silver.id, missing: 50_00 });
      expect((await standing(shop, member.id)).levelId).toBe(silver.id);
      expect(await shop.app.get(RecalculateLevels).run()).toBe(1);
      expect((await standing(shop, member.id)).levelId).toBeNull();
      expect(await levelChanges(shop, member.id)).toEqual([
        { from: null, to: silver.id },
        { from: silver.id, to: null },
      ]);
    });

    it('are recalculated in batches of 500, each member exactly once, even with several runs at it', async () => {
      await shop.dataSource.query(
        `INSERT INTO membership.members (id, email, points, lifetime_spend_minor, levels_revision, registered_at, updated_at)
         SELECT gen_random_uuid(), 'bulk-' || i || '@example.com', 0, (i % 2) * 100000, 0, now(), now() FROM generate_series(1, 1200) AS i`,
      );
      const silver = await createLevel(shop, marketing, { name: 'Silver', thresholdKind: 'spend', threshold: 100_00, discountPercent: 5 });
      // The job the edit queued runs in this app's worker; two more runs race it.
      const job = shop.app.get(RecalculateLevels);
      await Promise.all([job.run(), job.run()]);
      await drainEvents(shop.app);
      const [{ events, members }] = await shop.dataSource.query(
        `SELECT count(*)::int AS events, count(DISTINCT payload->>'memberId')::int AS members FROM platform.outbox WHERE type = 'membership.member.level-changed'`,
      );
      expect({ events, members }).toEqual({ events: 600, members: 600 });
      const [{ atSilver, stale }] = await shop.dataSource.query(
        `SELECT count(*) FILTER (WHERE level_id = $1)::int AS "atSilver", count(*) FILTER (WHERE levels_revision < 1)::int AS stale FROM membership.members`,
        [silver.id],
      );
      expect({ atSilver, stale }).toEqual({ atSilver: 600, stale: 0 });
    });
  });
});
