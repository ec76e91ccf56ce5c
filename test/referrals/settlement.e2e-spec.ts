import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { asMember, chain, commissionsOf, ledgerOf, outboxEvents, pay, refund, resetReferrals, setRates, settle, walletOf } from './referrals-helpers';

const DAY = 86_400_000;

/** Freeze → settle → claw back, with the clock moved past the refund window (7 days by default). */
describe('commission settlement', () => {
  const start = new Date('2026-11-24T12:00:00Z');
  const clock = new FixedClock(start);
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(start);
    await resetPlatformTables(shop.dataSource);
    await resetReferrals(shop);
    await setRates(shop, await shop.adminToken('finance'), 2, [1000, 500]);
  });
  afterAll(() => shop.close());

  it('keeps a commission frozen through the refund window, then credits it to the wallet once', async () => {
    const [upper, referrer, buyer] = await chain(shop, 3);
    const order = await pay(shop, buyer.id, 10_000);

    clock.set(new Date(start.getTime() + 7 * DAY - 1));
    expect(await settle(shop)).toBe(0);
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 0, debt: 0 });

    clock.set(new Date(start.getTime() + 7 * DAY));
    expect(await settle(shop)).toBe(2);
    expect(await settle(shop)).toBe(0); // nothing twice
    expect((await commissionsOf(shop, order)).map((c) => [c.status, c.credited_minor])).toEqual([['settled', 1000], ['settled', 500]]);
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 1000, debt: 0 });
    expect(await walletOf(shop, upper.id)).toEqual({ balance: 500, debt: 0 });
    expect(await ledgerOf(shop, referrer.id)).toEqual([{ kind: 'commission', amount: 1000, balance: 1000, debt: 0 }]);
    expect(await outboxEvents(shop, 'referrals.commission.settled')).toEqual(
      expect.arrayContaining([expect.objectContaining({ memberId: referrer.id, orderId: order, level: 1, creditedMinor: 1000, currency: 'CNY' })]),
    );

    const wallet = await shop.http().get('/api/me/wallet').set(asMember(shop, referrer.id));
    expect(wallet.status).toBe(200);
    expect(wallet.body).toMatchObject({ currency: 'CNY', balanceMinor: 1000, debtMinor: 0, ledger: { total: 1 } });
    expect(wallet.body.ledger.items[0]).toMatchObject({ kind: 'commission', amountMinor: 1000, balanceAfterMinor: 1000 });
  });

  it('settles what a refund inside the window left, and cancels what a full refund took', async () => {
    const [, referrer, buyer] = await chain(shop, 3);
    const partly = await pay(shop, buyer.id, 10_000);
    const wholly = await pay(shop, buyer.id, 20_000);
    clock.set(new Date(start.getTime() + 3 * DAY));
    await refund(shop, partly, buyer.id, 2_500);
    await refund(shop, wholly, buyer.id, 20_000);

    clock.set(new Date(start.getTime() + 8 * DAY));
    await settle(shop);
    expect((await commissionsOf(shop, partly)).map((c) => [c.status, c.reversed_minor, c.credited_minor])).toEqual([
      ['settled', 250, 750],
      ['settled', 125, 375],
    ]);
    expect((await commissionsOf(shop, wholly)).map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 750, debt: 0 });
  });

  it('claws back after settlement, into debt when the balance is short, and the next credits pay the debt first', async () => {
    const [, referrer, buyer] = await chain(shop, 3);
    const first = await pay(shop, buyer.id, 10_000); // referrer earns 1000
    clock.set(new Date(start.getTime() + 7 * DAY));
    await settle(shop);

    // 800 is below the withdrawal minimum; the referrer withdraws all 1000, then the order is refunded in two parts.
    const withdrawal = await shop.http().post('/api/me/wallet/withdrawals').set(asMember(shop, referrer.id)).send({ amountMinor: 800, method: 'alipay', account: 'ref@example.com' });
    expect(withdrawal.status).toBe(422); // below the 1000 minimum
    expect((await shop.http().post('/api/me/wallet/withdrawals').set(asMember(shop, referrer.id)).send({ amountMinor: 1_000, method: 'alipay', account: 'ref@example.com' })).status).toBe(201);
    await refund(shop, first, buyer.id, 4_000); // takes back 400: balance 0, debt 400
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 0, debt: 400 });
    await refund(shop, first, buyer.id, 6_000); // the rest: 600 more debt
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 0, debt: 1000 });
    expect((await commissionsOf(shop, first)).map((c) => c.status)).toEqual(['clawed_back', 'clawed_back']);

    // New sales: 700 settles into the debt, then 500 more leaves 200 on the balance.
    await pay(shop, buyer.id, 7_000);
    clock.set(new Date(start.getTime() + 14 * DAY));
    await settle(shop);
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 0, debt: 300 });
    await pay(shop, buyer.id, 5_000);
    clock.set(new Date(start.getTime() + 21 * DAY));
    await settle(shop);
    expect(await walletOf(shop, referrer.id)).toEqual({ balance: 200, debt: 0 });

    const ledger = await ledgerOf(shop, referrer.id);
    expect(ledger).toEqual([
      { kind: 'commission', amount: 1000, balance: 1000, debt: 0 },
      { kind: 'withdrawal', amount: -1000, balance: 0, debt: 0 },
      { kind: 'clawback', amount: -400, balance: 0, debt: 400 },
      { kind: 'clawback', amount: -600, balance: 0, debt: 1000 },
      { kind: 'commission', amount: 700, balance: 0, debt: 300 },
      { kind: 'commission', amount: 500, balance: 200, debt: 0 },
    ]);
    // Every entry moves the position (balance minus debt) by exactly its amount.
    let position = 0;
    for (const e of ledger) {
      position += e.amount;
      expect(e.balance - e.debt).toBe(position);
    }
  });

  it('keeps the ledger append-only', async () => {
    const [, referrer, buyer] = await chain(shop, 3);
    await pay(shop, buyer.id, 10_000);
    clock.set(new Date(start.getTime() + 7 * DAY));
    await settle(shop);
    await expect(shop.dataSource.query(`UPDATE referrals.wallet_ledger SET amount_minor = 1 WHERE member_id = $1`, [referrer.id])).rejects.toThrow(/append-only/);
    await expect(shop.dataSource.query(`DELETE FROM referrals.wallet_ledger WHERE member_id = $1`, [referrer.id])).rejects.toThrow(/append-only/);
    expect(await ledgerOf(shop, referrer.id)).toHaveLength(1);
  });
});
