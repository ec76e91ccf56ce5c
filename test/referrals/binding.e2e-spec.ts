import { randomUUID } from 'node:crypto';
import { MemberRegisteredV1 } from '../../src/modules/membership/events';
import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { asMember, bearer, chain, codeOf, outboxEvents, pay, publishAndDrain, register, resetReferrals, setRates, treeProblems } from './referrals-helpers';

/** Who may refer whom: once, never oneself, never in a circle; only an admin moves a member afterwards. */
describe('referral binding', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetReferrals(shop);
  });
  afterAll(() => shop.close());

  const parentOf = async (memberId: string) =>
    ((await shop.dataSource.query(`SELECT parent_id FROM referrals.members WHERE member_id = $1`, [memberId]))[0]?.parent_id ?? null) as string | null;
  const bind = (memberId: string, code: string) => shop.http().post('/api/me/referrer').set(asMember(shop, memberId)).send({ code });

  it('gives every new member a code, and binds one who registered with a valid code (in any case)', async () => {
    const referrer = await register(shop);
    expect(referrer.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const member = await register(shop, referrer.code.toLowerCase());
    expect(await parentOf(member.id)).toBe(referrer.id);
    expect(await outboxEvents(shop, 'referrals.member.bound')).toEqual([
      expect.objectContaining({ memberId: member.id, referrerId: referrer.id, previousReferrerId: null, via: 'registration' }),
    ]);
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('leaves a member who came with an unknown code unbound, free to bind later', async () => {
    const referrer = await register(shop);
    const member = await register(shop, 'ZZZZZZZZ');
    expect(await parentOf(member.id)).toBeNull();
    const res = await bind(member.id, referrer.code);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: member.id, referrerId: referrer.id, referrerCode: referrer.code, via: 'member' });
    expect(await parentOf(member.id)).toBe(referrer.id);
  });

  it('binds at most once: a second binding is 409 already_bound and changes nothing', async () => {
    const [a, b] = [await register(shop), await register(shop)];
    const member = await register(shop, a);
    const res = await bind(member.id, b.code);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_bound');
    expect(await parentOf(member.id)).toBe(a.id);
  });

  it('refuses self-referral', async () => {
    const member = await register(shop);
    const res = await bind(member.id, member.code);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('self_referral');
    expect(await parentOf(member.id)).toBeNull();
  });

  it('refuses a cycle: the referrer may not be in the member\'s own team, at any depth', async () => {
    // top registered without a code; four levels below them joined with codes
    const [top, child, , , deep] = await chain(shop, 5);
    for (const below of [child, deep]) {
      const res = await bind(top.id, below.code);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('referral_cycle');
    }
    expect(await parentOf(top.id)).toBeNull();
    // A registration with a code from the member's own team cannot happen (the member is new),
    // but an event replayed for an existing root with such a code is ignored the same way.
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('refuses bad input with 400 (unknown code 404) and changes nothing', async () => {
    const member = await register(shop);
    const referrer = await register(shop);
    for (const body of [{}, { code: 'ABC' }, { code: 'AB0K7QPX' }, { code: 12345678 }, { code: referrer.code, extra: 1 }]) {
      const res = await shop.http().post('/api/me/referrer').set(asMember(shop, member.id)).send(body);
      expect(res.status).toBe(400);
    }
    const unknown = await bind(member.id, 'ZZZZ-ZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('referral_code_not_found');
    expect((await shop.http().post('/api/me/referrer').send({ code: referrer.code })).status).toBe(401);
    expect(await parentOf(member.id)).toBeNull();
  });

  it('creates the row of a member whose registration has not arrived yet', async () => {
    const referrer = await register(shop);
    const newcomer = randomUUID();
    expect((await bind(newcomer, referrer.code)).status).toBe(200);
    expect(await codeOf(shop, newcomer)).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(await parentOf(newcomer)).toBe(referrer.id);
    // The registration arriving afterwards (with another code) leaves the binding alone.
    const other = await register(shop);
    await publishAndDrain(shop, new MemberRegisteredV1(newcomer, other.code, clock.now().toISOString()));
    expect(await parentOf(newcomer)).toBe(referrer.id);
  });

  it('binds once under parallel requests naming different referrers', async () => {
    const referrers = await Promise.all(Array.from({ length: 10 }, () => register(shop)));
    const member = await register(shop);
    const answers = await Promise.all(referrers.map((r) => bind(member.id, r.code)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const winner = answers.find((a) => a.status === 200)!.body.referrerId as string;
    expect(await parentOf(member.id)).toBe(winner);
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM referrals.tree_paths WHERE descendant_id = $1`, [member.id]);
    expect(n).toBe(2); // itself and the one referrer
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('never lets two members bind to each other at the same time (one of them is a cycle)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, b] = [await register(shop), await register(shop)];
      const [ab, ba] = await Promise.all([bind(a.id, b.code), bind(b.id, a.code)]);
      expect([ab.status, ba.status].sort()).toEqual([200, 422]);
      expect([ab, ba].find((r) => r.status === 422)!.body.error.code).toBe('referral_cycle');
    }
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('moves a member\'s existing team along when they bind later', async () => {
    const [lead, , , leaf] = await chain(shop, 4); // lead has a team three deep
    await pay(shop, leaf.id, 5_000);
    const sponsor = await register(shop);
    expect((await bind(lead.id, sponsor.code)).status).toBe(200);
    const [row] = await shop.dataSource.query(`SELECT team_size, team_sales_minor FROM referrals.members WHERE member_id = $1`, [sponsor.id]);
    expect(row).toEqual({ team_size: 4, team_sales_minor: 5_000 });
    const [leafRow] = await shop.dataSource.query(`SELECT great_grandparent_id FROM referrals.members WHERE member_id = $1`, [leaf.id]);
    expect(leafRow.great_grandparent_id).toBe(lead.id);
    expect(await treeProblems(shop)).toEqual([]);
  });

  describe('rebinding by an admin', () => {
    const rebind = (token: string, memberId: string, body: Record<string, unknown>) =>
      shop.http().post(`/admin/referrals/members/${memberId}/rebind`).set(bearer(token)).send(body);

    it('moves the member and their whole team, keeps every figure in step, and audits it', async () => {
      const finance = await shop.adminToken('finance');
      await setRates(shop, finance, 2, [1000, 500]);
      const [oldTop, oldParent, moved, child, grandchild] = await chain(shop, 5);
      const newParent = await register(shop, await register(shop));
      await pay(shop, grandchild.id, 10_000);
      await pay(shop, moved.id, 3_000);
      const operator = await shop.adminToken('operator');

      const res = await rebind(operator, moved.id, { referrerCode: newParent.code, reason: 'Support ticket 42: wrong referrer' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ memberId: moved.id, referrerId: newParent.id, via: 'admin' });
      expect(await parentOf(moved.id)).toBe(newParent.id);
      const members = await shop.dataSource.query(
        `SELECT member_id, grandparent_id, great_grandparent_id, team_size, team_sales_minor FROM referrals.members WHERE member_id = ANY($1)`,
        [[oldTop.id, oldParent.id, newParent.id, child.id, grandchild.id]],
      );
      const of = (id: string) => members.find((m: { member_id: string }) => m.member_id === id);
      expect(of(oldParent.id)).toMatchObject({ team_size: 0, team_sales_minor: 0 });
      expect(of(oldTop.id)).toMatchObject({ team_size: 1, team_sales_minor: 0 });
      expect(of(newParent.id)).toMatchObject({ team_size: 3, team_sales_minor: 13_000 });
      expect(of(child.id).grandparent_id).toBe(newParent.id);
      expect(of(grandchild.id).great_grandparent_id).toBe(newParent.id);
      expect(await treeProblems(shop)).toEqual([]);

      // Commissions recorded before the move keep their snapshot; new sales pay the new upline.
      const [before] = await shop.dataSource.query(`SELECT beneficiary_id FROM referrals.commissions WHERE buyer_id = $1 AND level = 1`, [moved.id]);
      expect(before.beneficiary_id).toBe(oldParent.id);
      const order = await pay(shop, moved.id, 1_000);
      const [after] = await shop.dataSource.query(`SELECT beneficiary_id FROM referrals.commissions WHERE order_id = $1 AND level = 1`, [order]);
      expect(after.beneficiary_id).toBe(newParent.id);

      const [audit] = await shop.dataSource.query(`SELECT * FROM platform.audit_log WHERE action = 'referrals.member.rebind'`);
      expect(audit).toMatchObject({ target_id: moved.id, reason: 'Support ticket 42: wrong referrer', actor_type: 'admin' });
      expect(audit.details).toMatchObject({ fromReferrerId: oldParent.id, toReferrerId: newParent.id, movedTeamSize: 2 });
      expect(await outboxEvents(shop, 'referrals.member.bound')).toContainEqual(
        expect.objectContaining({ memberId: moved.id, referrerId: newParent.id, previousReferrerId: oldParent.id, via: 'admin' }),
      );
    });

    it('still refuses cycles and self-referral, and needs a reason; nothing changes', async () => {
      const [top, middle, bottom] = await chain(shop, 3);
      const operator = await shop.adminToken('operator');
      const cycle = await rebind(operator, middle.id, { referrerCode: bottom.code, reason: 'try a loop' });
      expect(cycle.status).toBe(422);
      expect(cycle.body.error.code).toBe('referral_cycle');
      expect((await rebind(operator, middle.id, { referrerCode: middle.code, reason: 'myself' })).body.error.code).toBe('self_referral');
      expect((await rebind(operator, middle.id, { referrerCode: top.code, reason: 'same' })).body.error.code).toBe('referrer_unchanged');
      expect((await rebind(operator, middle.id, { referrerCode: top.code })).status).toBe(400);
      expect((await rebind(operator, randomUUID(), { referrerCode: top.code, reason: 'nobody' })).status).toBe(404);
      expect((await shop.http().post('/admin/referrals/members/not-a-uuid/rebind').set(bearer(operator)).send({ referrerCode: top.code, reason: 'bad id' })).status).toBe(400);
      expect(await parentOf(middle.id)).toBe(top.id);
      const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM platform.audit_log WHERE action = 'referrals.member.rebind'`);
      expect(n).toBe(0);
    });

    it('is for operators (and the owner) only', async () => {
      const [, , bottom] = await chain(shop, 3);
      const other = await register(shop);
      for (const role of ['marketing', 'finance', 'support']) {
        expect((await rebind(await shop.adminToken(role), bottom.id, { referrerCode: other.code, reason: 'not mine' })).status).toBe(403);
      }
      expect((await shop.http().post(`/admin/referrals/members/${bottom.id}/rebind`).send({ referrerCode: other.code, reason: 'nobody' })).status).toBe(401);
      expect((await rebind(await shop.adminToken('owner'), bottom.id, { referrerCode: other.code, reason: 'owner may' })).status).toBe(200);
      expect(await parentOf(bottom.id)).toBe(other.id);
    });
  });
});
