import { signAssertion } from '../../src/modules/membership/domain/partner-assertion';
import { PurgeExpired } from '../../src/modules/membership/jobs/purge-expired';
import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, me, membershipState, PASSWORD, register, resetMembership } from './membership-helpers';

const FORUM_SECRET = 'forum-secret-for-tests-only-0123456789';
const CLUB_SECRET = 'club-secret-for-tests-only-9876543210';

describe('partner sign-in', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  const now = () => Math.floor(clock.now().getTime() / 1000);
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock, env: { MEMBER_PARTNERS: `forum:${FORUM_SECRET},club:${CLUB_SECRET}` } });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetMembership(shop);
  });
  afterAll(() => shop.close());

  const assertion = (claims: Record<string, unknown> = {}, secret = FORUM_SECRET) =>
    signAssertion(secret, { sub: 'user-42', iat: now(), exp: now() + 300, ...claims });
  const partnerSignIn = (body: Record<string, unknown>) => shop.http().post('/api/members/partner-sign-in').send(body);
  const registrations = async () =>
    (await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = 'membership.member.registered' ORDER BY seq`)).map(
      (r: { payload: unknown }) => r.payload,
    );

  it('creates and links a member for a new partner user, then signs the same member in', async () => {
    const first = await partnerSignIn({ partner: 'forum', assertion: assertion({ email: ' Pat@Example.com ', displayName: ' Pat ' }) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      created: true,
      member: { email: 'pat@example.com', emailIsPlaceholder: false, displayName: 'Pat', hasPassword: false },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(await registrations()).toEqual([{ memberId: first.body.member.id, referralCode: null, registeredAt: '2026-11-24T12:00:00.000Z' }]);
    expect((await me(shop, first.body.accessToken)).partners).toEqual([{ partner: 'forum', linkedAt: '2026-11-24T12:00:00.000Z' }]);

    clock.advance(1000);
    const again = await partnerSignIn({ partner: 'forum', assertion: assertion({ email: 'other@example.com' }) });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.member.id).toBe(first.body.member.id);
    expect(again.body.member.email).toBe('pat@example.com');
    expect(await registrations()).toHaveLength(1);
    // The same user id at another partner is another person.
    const club = await partnerSignIn({ partner: 'club', assertion: assertion({}, CLUB_SECRET) });
    expect(club.body.created).toBe(true);
    expect(club.body.member.id).not.toBe(first.body.member.id);
  });

  it('creates one member when the first sign-ins of one partner user arrive together', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => partnerSignIn({ partner: 'forum', assertion: assertion({ iat: now() - i }) })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.member.id)).size).toBe(1);
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    const [{ members }] = await shop.dataSource.query(`SELECT count(*)::int AS members FROM membership.members`);
    expect(members).toBe(1);
    expect(await registrations()).toHaveLength(1);
  });

  it('gives a placeholder address when the e-mail is missing, implausible or belongs to someone else', async () => {
    await register(shop, { email: 'taken@example.com' });
    const taken = await partnerSignIn({ partner: 'forum', assertion: assertion({ sub: 'u1', email: 'TAKEN@example.com' }) });
    expect(taken.body.member).toMatchObject({ email: 'forum-u1@partner.invalid', emailIsPlaceholder: true });
    const none = await partnerSignIn({ partner: 'forum', assertion: assertion({ sub: 'U 2' }) });
    expect(none.body.member.email).toMatch(/^forum-h[0-9a-f]{32}@partner\.invalid$/);
    const odd = await partnerSignIn({ partner: 'forum', assertion: assertion({ sub: 'u3', email: 'not an address' }) });
    expect(odd.body.member.email).toBe('forum-u3@partner.invalid');
    // The owner of the address keeps their account; the partner user cannot sign in with a password.
    expect((await shop.http().post('/api/members/sign-in').send({ email: 'forum-u1@partner.invalid', password: PASSWORD })).status).toBe(401);
    const change = await shop.http().post('/api/me/password').set(bearer(taken.body.accessToken)).send({ currentPassword: PASSWORD, newPassword: 'a new password!' });
    expect(change.status).toBe(422);
    expect(change.body.error.code).toBe('password_not_set');
  });

  it('refuses expired, too long-lived, badly signed, malformed, replayed and unknown-partner assertions alike, creating nothing', async () => {
    await partnerSignIn({ partner: 'forum', assertion: assertion({ sub: 'existing' }) });
    const used = assertion({ sub: 'replayed', iat: now() - 1 });
    expect((await partnerSignIn({ partner: 'forum', assertion: used })).status).toBe(200);
    const before = await membershipState(shop);
    const good = assertion();
    const [body, signature] = good.split('.');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['expired', { partner: 'forum', assertion: assertion({ iat: now() - 600, exp: now() }) }],
      ['expires more than 10 minutes ahead', { partner: 'forum', assertion: assertion({ exp: now() + 601 }) }],
      ['issued in the future', { partner: 'forum', assertion: assertion({ iat: now() + 120 }) }],
      ['another partner\'s secret', { partner: 'forum', assertion: assertion({}, CLUB_SECRET) }],
      ['a changed payload', { partner: 'forum', assertion: `${assertion({ sub: 'someone-else' }).split('.')[0]}.${signature}` }],
      ['a changed signature', { partner: 'forum', assertion: `${body}.${signature.replace(/^./, (c) => (c === '0' ? '1' : '0'))}` }],
      ['no signature', { partner: 'forum', assertion: body }],
      ['an unknown partner', { partner: 'nobody', assertion: good }],
      ['a replay', { partner: 'forum', assertion: used }],
      ['a replay with the hex upper-cased', { partner: 'forum', assertion: `${used.split('.')[0]}.${used.split('.')[1].toUpperCase()}` }],
    ];
    for (const [what, request] of cases) {
      const res = await partnerSignIn(request);
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status: 401, code: 'invalid_assertion' });
    }
    expect(await membershipState(shop)).toBe(before);
    // Bad shapes are 400s, and change nothing either.
    for (const request of [{ partner: 'forum' }, { partner: 'Forum!', assertion: good }, { partner: 'forum', assertion: 7 }, { partner: 'forum', assertion: good, sub: 'x' }]) {
      expect((await partnerSignIn(request)).status).toBe(400);
    }
    expect(await membershipState(shop)).toBe(before);
  });

  it('forgets used assertions once expired, and refresh tokens a day after they expire', async () => {
    await partnerSignIn({ partner: 'forum', assertion: assertion({ exp: now() + 300 }) });
    const purge = shop.app.get(PurgeExpired);
    expect(await purge.run()).toEqual({ refreshTokens: 0, assertions: 0 });
    clock.advance(301_000);
    expect(await purge.run()).toEqual({ refreshTokens: 0, assertions: 1 });
    clock.advance(30 * 24 * 3600_000);
    expect(await purge.run()).toEqual({ refreshTokens: 0, assertions: 0 });
    clock.advance(24 * 3600_000);
    expect(await purge.run()).toEqual({ refreshTokens: 1, assertions: 0 });
  });

  it('refuses an assertion once it expires even if it was never used', async () => {
    const text = assertion({ exp: now() + 60 });
    clock.advance(60_000);
    expect((await partnerSignIn({ partner: 'forum', assertion: text })).status).toBe(401);
  });
});
