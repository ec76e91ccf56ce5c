import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, me, membershipState, PASSWORD, register, resetMembership } from './membership-helpers';

describe('members: register, sign in, refresh, sign out', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock, env: { MEMBER_SIGN_IN_MAX_FAILURES: '3' } });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetMembership(shop);
  });
  afterAll(() => shop.close());

  const signIn = (email: string, password: string) => shop.http().post('/api/members/sign-in').send({ email, password });
  const refresh = (refreshToken: string) => shop.http().post('/api/members/refresh').send({ refreshToken });

  it('registers with a normalised e-mail, stores only a scrypt hash and announces the member', async () => {
    const res = await shop
      .http()
      .post('/api/members/register')
      .send({ email: '  Ann@Example.COM ', password: PASSWORD, displayName: ' Ann ', referralCode: 'FRIEND42' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      member: expect.objectContaining({ email: 'ann@example.com', displayName: 'Ann', points: 0, lifetimeSpendMinor: 0, level: null, hasPassword: true }),
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      accessTokenExpiresAt: '2026-11-24T12:15:00.000Z',
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refreshTokenExpiresAt: '2026-12-24T12:00:00.000Z',
    });
    const [row] = await shop.dataSource.query(`SELECT password_hash, referral_code FROM membership.members`);
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
    const [token] = await shop.dataSource.query(`SELECT encode(token_digest, 'hex') AS digest FROM membership.refresh_tokens`);
    expect(token.digest).not.toContain(Buffer.from(res.body.refreshToken, 'base64url').toString('hex'));
    const events = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = 'membership.member.registered'`);
    expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([
      { memberId: res.body.member.id, referralCode: 'FRIEND42', registeredAt: '2026-11-24T12:00:00.000Z' },
    ]);
    expect((await me(shop, res.body.accessToken)).email).toBe('ann@example.com');
  });

  it('publishes a null referral code when none is given', async () => {
    await register(shop);
    const [event] = await shop.dataSource.query(`SELECT payload FROM platform.outbox WHERE type = 'membership.member.registered'`);
    expect(event.payload.referralCode).toBeNull();
  });

  it('refuses a second account for the same address, also when both arrive at once', async () => {
    await register(shop, { email: 'bob@example.com' });
    const again = await shop.http().post('/api/members/register').send({ email: 'BOB@example.com', password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');

    const results = await Promise.all(
      Array.from({ length: 6 }, () => shop.http().post('/api/members/register').send({ email: 'carol@example.com', password: PASSWORD })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM membership.members WHERE email = 'carol@example.com'`);
    expect(n).toBe(1);
    const [{ events }] = await shop.dataSource.query(`SELECT count(*)::int AS events FROM platform.outbox WHERE type = 'membership.member.registered'`);
    expect(events).toBe(2);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const member = await register(shop, { email: 'dan@example.com' });
    const before = await membershipState(shop);
    const bad: Array<Record<string, unknown>> = [
      { email: 'not-an-email', password: PASSWORD },
      { email: 'eve@example.com', password: 'short' },
      { email: 'eve@example.com', password: 'x'.repeat(201) },
      { email: 'eve@example.com' },
      { email: 'eve@example.com', password: PASSWORD, displayName: '' },
      { email: 'eve@example.com', password: PASSWORD, displayName: 'x'.repeat(51) },
      { email: 'eve@example.com', password: PASSWORD, referralCode: 'has space' },
      { email: 'eve@example.com', password: PASSWORD, isAdmin: true },
      { email: 'forum-eve@partner.invalid', password: PASSWORD },
    ];
    for (const body of bad) {
      const res = await shop.http().post('/api/members/register').send(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'validation_failed' });
    }
    expect((await signIn('dan@example.com', 123 as unknown as string)).status).toBe(400);
    expect((await shop.http().post('/api/members/sign-in').send({ email: 'dan@example.com', password: PASSWORD, remember: true })).status).toBe(400);
    expect((await refresh(42 as unknown as string)).status).toBe(400);
    expect((await shop.http().post('/api/members/sign-out').send({})).status).toBe(400);
    const auth = bearer(member.accessToken);
    expect((await shop.http().patch('/api/me').set(auth).send({ displayName: 'x'.repeat(51) })).status).toBe(400);
    expect((await shop.http().patch('/api/me').set(auth).send({})).status).toBe(400);
    expect((await shop.http().patch('/api/me').set(auth).send({ displayName: 'Dan', email: 'x@example.com' })).status).toBe(400);
    expect((await shop.http().post('/api/me/password').set(auth).send({ currentPassword: PASSWORD, newPassword: 'short' })).status).toBe(400);
    expect(await membershipState(shop)).toBe(before);
  });

  it('signs in with the password, case-insensitively on the address', async () => {
    const member = await register(shop, { email: 'fay@example.com' });
    const res = await signIn(' FAY@example.com', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.member.id).toBe(member.id);
    expect(res.body.refreshToken).not.toBe(member.refreshToken);
    expect((await me(shop, res.body.accessToken)).id).toBe(member.id);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    await register(shop, { email: 'gus@example.com' });
    const wrong = await signIn('gus@example.com', 'not the password');
    const unknown = await signIn('nobody@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('locks an address out after too many wrong passwords (429, even with the right one), known or not', async () => {
    await register(shop, { email: 'hal@example.com' });
    for (let i = 0; i < 3; i += 1) expect((await signIn('hal@example.com', `wrong password ${i}`)).status).toBe(401);
    const locked = await signIn('hal@example.com', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_sign_in_attempts');
    for (let i = 0; i < 3; i += 1) expect((await signIn('ghost@example.com', `wrong password ${i}`)).status).toBe(401);
    expect((await signIn('ghost@example.com', PASSWORD)).status).toBe(429);
    // Another address from the same client is not locked yet (the client limit is 4 × 3 = 12).
    await register(shop, { email: 'ida@example.com' });
    expect((await signIn('ida@example.com', PASSWORD)).status).toBe(200);
  });

  it('clears an address\'s count on a successful sign-in', async () => {
    await register(shop, { email: 'jay@example.com' });
    for (let i = 0; i < 2; i += 1) await signIn('jay@example.com', 'wrong password!');
    expect((await signIn('jay@example.com', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) await signIn('jay@example.com', 'wrong password!');
    expect((await signIn('jay@example.com', PASSWORD)).status).toBe(200);
  });

  it('rotates refresh tokens: each is single use and gives a new pair', async () => {
    const member = await register(shop);
    clock.advance(60_000);
    const first = await refresh(member.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(member.refreshToken);
    expect(first.body.accessTokenExpiresAt).toBe('2026-11-24T12:16:00.000Z');
    expect((await me(shop, first.body.accessToken)).id).toBe(member.id);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    const [{ families }] = await shop.dataSource.query(`SELECT count(DISTINCT family_id)::int AS families FROM membership.refresh_tokens`);
    expect(families).toBe(1);
  });

  it('revokes the whole family when a spent refresh token comes back (theft detection)', async () => {
    const member = await register(shop);
    const other = await shop.http().post('/api/members/sign-in').send({ email: member.email, password: PASSWORD });
    const rotated = await refresh(member.refreshToken);
    const newest = await refresh(rotated.body.refreshToken);
    expect(newest.status).toBe(200);

    const replay = await refresh(member.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('invalid_refresh_token');
    // The thief's and the member's current tokens of that sign-in are dead...
    expect((await refresh(newest.body.refreshToken)).status).toBe(401);
    // ...but another sign-in of the same member is untouched.
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
    const reasons = await shop.dataSource.query(`SELECT revoked_reason, count(*)::int AS n FROM membership.refresh_tokens GROUP BY 1 ORDER BY 1`);
    expect(reasons).toEqual([
      { revoked_reason: 'reused', n: 3 },
      { revoked_reason: null, n: 2 },
    ]);
  });

  it('lets exactly one of several parallel refreshes with one token win, then revokes the family', async () => {
    const member = await register(shop);
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(member.refreshToken)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await refresh(winner.body.refreshToken)).status).toBe(401);
  });

  it('refuses expired, unknown and malformed refresh tokens', async () => {
    const member = await register(shop);
    expect((await refresh('A'.repeat(43))).status).toBe(401);
    expect((await refresh('not a token')).status).toBe(401);
    clock.set(new Date('2026-12-24T12:00:00Z'));
    expect((await refresh(member.refreshToken)).status).toBe(401);
  });

  it('signs out: the refresh token and its family stop working; again is fine', async () => {
    const member = await register(shop);
    const rotated = await refresh(member.refreshToken);
    const out = await shop.http().post('/api/members/sign-out').send({ refreshToken: rotated.body.refreshToken });
    expect(out.status).toBe(204);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
    expect((await shop.http().post('/api/members/sign-out').send({ refreshToken: rotated.body.refreshToken })).status).toBe(204);
    expect((await shop.http().post('/api/members/sign-out').send({ refreshToken: 'B'.repeat(43) })).status).toBe(204);
  });

  it('refuses tampered, foreign and expired access tokens', async () => {
    const member = await register(shop);
    const [header, payload, signature] = member.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    for (const token of [`${header}.${forged}.${signature}`, `${header}.${payload}.${flipped}`, `${header}.${payload}.`, 'garbage']) {
      const res = await shop.http().get('/api/me').set(bearer(token));
      expect(res.status).toBe(401);
    }
    expect((await shop.http().get('/api/me')).status).toBe(401);
    // An admin token is no member token.
    expect((await shop.http().get('/api/me').set(bearer(await shop.adminToken('owner')))).status).toBe(401);
    clock.advance(15 * 60_000);
    expect((await shop.http().get('/api/me').set(bearer(member.accessToken))).status).toBe(401);
  });

  it('changes the display name', async () => {
    const member = await register(shop);
    const res = await shop.http().patch('/api/me').set(bearer(member.accessToken)).send({ displayName: '  Kim ' });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Kim');
    const cleared = await shop.http().patch('/api/me').set(bearer(member.accessToken)).send({ displayName: null });
    expect(cleared.body.displayName).toBeNull();
  });

  it('changes the password: the old one stops working and every refresh token is revoked', async () => {
    const member = await register(shop);
    const elsewhere = await signIn(member.email, PASSWORD);
    const wrong = await shop.http().post('/api/me/password').set(bearer(member.accessToken)).send({ currentPassword: 'not the password', newPassword: 'a brand new password' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('current_password_wrong');
    const res = await shop.http().post('/api/me/password').set(bearer(member.accessToken)).send({ currentPassword: PASSWORD, newPassword: 'a brand new password' });
    expect(res.status).toBe(200);
    expect((await refresh(member.refreshToken)).status).toBe(401);
    expect((await refresh(elsewhere.body.refreshToken)).status).toBe(401);
    expect((await refresh(res.body.refreshToken)).status).toBe(200);
    expect((await signIn(member.email, PASSWORD)).status).toBe(401);
    expect((await signIn(member.email, 'a brand new password')).status).toBe(200);
  });
});
