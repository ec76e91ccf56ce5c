import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { asMember, bearer, chain, ledgerOf, Member, pay, resetReferrals, setRates, settle, walletOf } from './referrals-helpers';

const DAY = 86_400_000;

/** Withdrawals: never beyond the balance, even in parallel; reviewed by finance; a rejection returns the funds. */
describe('referral withdrawals', () => {
  const start = new Date('2026-11-24T12:00:00Z');
  const clock = new FixedClock(start);
  let shop: TestApp;
  let finance: string;
  let earner: Member;

  beforeAll(async () => {
    // A 1.5% fee, so the payout differs from the amount taken.
    shop = await createTestApp({ clock, env: { REFERRAL_WITHDRAWAL_FEE_BPS: '150', REFERRAL_WITHDRAWAL_MIN_MINOR: '1000' } });
  });
  beforeEach(async () => {
    clock.set(start);
    await resetPlatformTables(shop.dataSource);
    await resetReferrals(shop);
    finance = await shop.adminToken('finance');
    await setRates(shop, finance, 1, [1000]);
    // The earner's wallet gets 5,000 from a settled 10% commission on a 50,000 sale.
    const [referrer, buyer] = await chain(shop, 2);
    earner = referrer;
    await pay(shop, buyer.id, 50_000);
    clock.set(new Date(start.getTime() + 7 * DAY));
    await settle(shop);
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 5_000, debt: 0 });
  });
  afterAll(() => shop.close());

  const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    shop.http().post('/api/me/wallet/withdrawals').set(asMember(shop, earner.id)).set(headers).send(body);
  const review = (id: string, action: string, body: Record<string, unknown> = {}, token = finance) =>
    shop.http().post(`/admin/referrals/withdrawals/${id}/${action}`).set(bearer(token)).send(body);

  it('never takes more than the balance, even with 20 requests at once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask({ amountMinor: 1_000, method: 'alipay', account: 'earner@example.com' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(15).fill(422)]);
    for (const refused of answers.filter((a) => a.status === 422)) expect(refused.body.error.code).toBe('insufficient_balance');
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 0, debt: 0 });
    const ledger = await ledgerOf(shop, earner.id);
    expect(ledger.filter((e) => e.kind === 'withdrawal')).toHaveLength(5);
    expect(ledger.at(-1)).toMatchObject({ balance: 0, debt: 0 });
    const [{ n, total }] = await shop.dataSource.query(`SELECT count(*)::int AS n, sum(amount_minor)::int AS total FROM referrals.withdrawals`);
    expect({ n, total }).toEqual({ n: 5, total: 5_000 });
  });

  it('takes the amount at once, charges the fee out of it, and replays a retried request', async () => {
    const key = { 'Idempotency-Key': randomUUID() };
    const first = await ask({ amountMinor: 2_999, method: 'bank', account: '6222 0000 1111' }, key);
    expect(first.status).toBe(201);
    // 1.5% of 29.99 = 0.44985 → 0.44 (rounded down)
    expect(first.body).toMatchObject({ status: 'requested', amountMinor: 2_999, feeMinor: 44, payoutMinor: 2_955, currency: 'CNY', method: 'bank' });
    const again = await ask({ amountMinor: 2_999, method: 'bank', account: '6222 0000 1111' }, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 2_001, debt: 0 });
    const own = await shop.http().get('/api/me/wallet/withdrawals').set(asMember(shop, earner.id));
    expect(own.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: first.body.id, status: 'requested' })] });
  });

  it('refuses bad input with 400 (and a withdrawal below the minimum with 422), taking nothing', async () => {
    for (const body of [
      {},
      { amountMinor: -5, method: 'alipay', account: 'a@b.c' },
      { amountMinor: 10.5, method: 'alipay', account: 'a@b.c' },
      { amountMinor: '2000', method: 'alipay', account: 'a@b.c' },
      { amountMinor: 2_000, method: 'paypal', account: 'a@b.c' },
      { amountMinor: 2_000, method: 'alipay' },
      { amountMinor: 2_000, method: 'alipay', account: 'a@b.c', currency: 'CNY' },
    ]) {
      expect((await ask(body)).status).toBe(400);
    }
    const small = await ask({ amountMinor: 999, method: 'alipay', account: 'a@b.c' });
    expect(small.status).toBe(422);
    expect(small.body.error.code).toBe('withdrawal_below_minimum');
    expect((await shop.http().post('/api/me/wallet/withdrawals').send({ amountMinor: 2_000, method: 'alipay', account: 'a@b.c' })).status).toBe(401);
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 5_000, debt: 0 });
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM referrals.withdrawals`);
    expect(n).toBe(0);
  });

  it('returns the funds to the wallet on a rejection, audited with the reason', async () => {
    const w = (await ask({ amountMinor: 2_000, method: 'wechat', account: 'wx-earner' })).body;
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 3_000, debt: 0 });
    const rejected = await review(w.id, 'reject', { reason: 'Account name does not match' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'Account name does not match' });
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 5_000, debt: 0 });
    expect((await ledgerOf(shop, earner.id)).slice(-2)).toEqual([
      { kind: 'withdrawal', amount: -2_000, balance: 3_000, debt: 0 },
      { kind: 'withdrawal_returned', amount: 2_000, balance: 5_000, debt: 0 },
    ]);
    const again = await review(w.id, 'reject', { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('withdrawal_state_conflict');
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 5_000, debt: 0 });
    const [audit] = await shop.dataSource.query(`SELECT reason, details FROM platform.audit_log WHERE action = 'referrals.withdrawal.reject'`);
    expect(audit).toMatchObject({ reason: 'Account name does not match', details: expect.objectContaining({ fundsReturned: true, amountMinor: 2_000 }) });
  });

  it('goes requested → approved → paid for finance, in that order only', async () => {
    const w = (await ask({ amountMinor: 1_000, method: 'alipay', account: 'earner@example.com' })).body;
    expect((await review(w.id, 'mark-paid', { reference: 'TX-1' })).status).toBe(409); // not approved yet
    const listed = await shop.http().get('/admin/referrals/withdrawals?status=requested').set(bearer(finance));
    expect(listed.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: w.id, account: 'earner@example.com' })] });
    expect((await review(w.id, 'approve')).body).toMatchObject({ status: 'approved' });
    const paid = await review(w.id, 'mark-paid', { reference: 'ALIPAY-2026112400001' });
    expect(paid.body).toMatchObject({ status: 'paid', paidReference: 'ALIPAY-2026112400001' });
    expect((await review(w.id, 'reject', { reason: 'too late' })).status).toBe(409);
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 4_000, debt: 0 });
    const actions = await shop.dataSource.query(`SELECT action FROM platform.audit_log WHERE target_id = $1 ORDER BY at, action`, [w.id]);
    expect(actions.map((a: { action: string }) => a.action).sort()).toEqual(['referrals.withdrawal.approve', 'referrals.withdrawal.mark_paid']);
  });

  it('lets an approved withdrawal whose transfer failed be rejected, returning the funds', async () => {
    const w = (await ask({ amountMinor: 1_500, method: 'alipay', account: 'earner@example.com' })).body;
    await review(w.id, 'approve');
    expect((await review(w.id, 'reject', { reason: 'Transfer bounced' })).status).toBe(200);
    expect(await walletOf(shop, earner.id)).toEqual({ balance: 5_000, debt: 0 });
  });

  it('is reviewed by finance only; bad input is 400', async () => {
    const w = (await ask({ amountMinor: 1_000, method: 'alipay', account: 'earner@example.com' })).body;
    for (const role of ['operator', 'support', 'marketing']) {
      const token = await shop.adminToken(role);
      expect((await review(w.id, 'approve', {}, token)).status).toBe(403);
      expect((await shop.http().get('/admin/referrals/withdrawals').set(bearer(token))).status).toBe(403);
    }
    expect((await review(w.id, 'reject', {})).status).toBe(400); // a reason is required
    expect((await review(w.id, 'mark-paid', {})).status).toBe(400);
    expect((await review('not-a-uuid', 'approve')).status).toBe(400);
    expect((await review(randomUUID(), 'approve')).status).toBe(404);
    expect((await shop.http().get('/admin/referrals/withdrawals?status=lost').set(bearer(finance))).status).toBe(400);
    expect((await shop.http().get('/admin/referrals/withdrawals').set(bearer(finance))).body.items[0]).toMatchObject({ id: w.id, status: 'requested' });
  });
});
