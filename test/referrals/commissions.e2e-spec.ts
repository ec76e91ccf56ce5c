import { randomUUID } from 'node:crypto';
import { MemberRegisteredV1 } from '../../src/modules/membership/events';
import { OrderPaidV1, OrderRefundedV1 } from '../../src/modules/orders/events';
import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, chain, commissionsOf, outboxEvents, pay, publishAndDrain, refund, register, resetReferrals, setRates, treeProblems } from './referrals-helpers';

/** Commission maths on worked examples: levels, goods rates, rank rates, rounding to the minor unit, partial refunds. */
describe('referral commissions', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let finance: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetReferrals(shop);
    finance = await shop.adminToken('finance');
  });
  afterAll(() => shop.close());

  const amounts = async (orderId: string) => (await commissionsOf(shop, orderId)).map((c) => [c.level, c.amount_minor]);

  describe('settings', () => {
    it('are read by marketing and finance, changed by finance only, and audited', async () => {
      const marketing = await shop.adminToken('marketing');
      expect((await shop.http().get('/admin/referrals/settings').set(bearer(marketing))).body).toMatchObject({ levels: 2, rateBpsByLevel: [0, 0], maxLevels: 3 });
      expect((await shop.http().put('/admin/referrals/settings').set(bearer(marketing)).send({ levels: 2, rateBpsByLevel: [1000, 500] })).status).toBe(403);
      expect((await shop.http().get('/admin/referrals/settings').set(bearer(await shop.adminToken('support')))).status).toBe(403);
      const res = await shop.http().put('/admin/referrals/settings').set(bearer(finance)).send({ levels: 2, rateBpsByLevel: [1000, 500] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ levels: 2, rateBpsByLevel: [1000, 500] });
      const [audit] = await shop.dataSource.query(`SELECT details FROM platform.audit_log WHERE action = 'referrals.settings.update'`);
      expect(audit.details).toEqual({ from: { levels: 2, rateBpsByLevel: [0, 0] }, to: { levels: 2, rateBpsByLevel: [1000, 500] } });
    });

    it('refuse more than 3 levels (China caps distribution at 3) and other bad input with 400, changing nothing', async () => {
      await setRates(shop, finance, 2, [1000, 500]);
      const bad = [
        { levels: 4, rateBpsByLevel: [100, 100, 100, 100] },
        { levels: 0, rateBpsByLevel: [] },
        { levels: 2, rateBpsByLevel: [1000] }, // one rate per level
        { levels: 2, rateBpsByLevel: [6000, 5000] }, // over 100% of the sale
        { levels: 1, rateBpsByLevel: [-1] },
        { levels: 1, rateBpsByLevel: [10.5] },
        { levels: '2', rateBpsByLevel: [1000, 500] },
        { levels: 2, rateBpsByLevel: [1000, 500], extra: true },
      ];
      for (const body of bad) {
        const res = await shop.http().put('/admin/referrals/settings').set(bearer(finance)).send(body);
        expect(res.status).toBe(400);
      }
      const four = await shop.http().put('/admin/referrals/settings').set(bearer(finance)).send(bad[0]);
      expect(four.body.error.message).toMatch(/cap commission depth at 3/);
      expect((await shop.http().get('/admin/referrals/settings').set(bearer(finance))).body).toMatchObject({ levels: 2, rateBpsByLevel: [1000, 500] });
    });
  });

  it('pays two levels by default, rounded down to the minor unit, on the amount actually paid', async () => {
    await setRates(shop, finance, 2, [1000, 500]);
    const [top, upper, referrer, buyer] = await chain(shop, 4);
    const order = await pay(shop, buyer.id, 9_999);
    // 10% of 99.99 = 9.999 → 9.99; 5% = 4.9995 → 4.99; the third level earns nothing at 2 levels
    const rows = await commissionsOf(shop, order);
    expect(rows.map((c) => [c.level, c.beneficiary_id, c.rate_bps, c.rate_source, c.amount_minor, c.status])).toEqual([
      [1, referrer.id, 1000, 'default', 999, 'frozen'],
      [2, upper.id, 500, 'default', 499, 'frozen'],
    ]);
    expect(rows.some((c) => c.beneficiary_id === top.id)).toBe(false);
  });

  it('pays a third level when configured, and snapshots rates and upline: later changes move nothing', async () => {
    await setRates(shop, finance, 3, [1000, 500, 200]);
    const [top, upper, referrer, buyer] = await chain(shop, 4);
    const order = await pay(shop, buyer.id, 9_999);
    expect(await amounts(order)).toEqual([[1, 999], [2, 499], [3, 199]]); // 2% of 99.99 = 1.9998 → 1.99
    await setRates(shop, finance, 1, [3000]);
    const moved = await register(shop);
    await shop.http().post(`/admin/referrals/members/${buyer.id}/rebind`).set(bearer(await shop.adminToken('operator'))).send({ referrerCode: moved.code, reason: 'moved' });
    const rows = await commissionsOf(shop, order);
    expect(rows.map((c) => [c.beneficiary_id, c.rate_bps, c.amount_minor])).toEqual([
      [referrer.id, 1000, 999],
      [upper.id, 500, 499],
      [top.id, 200, 199],
    ]);
  });

  it('uses a goods item\'s own rates where it has them, the default for the other levels', async () => {
    await setRates(shop, finance, 2, [1000, 500]);
    const goodsId = randomUUID();
    const set = await shop.http().put(`/admin/referrals/goods-rates/${goodsId}`).set(bearer(finance)).send({ rateBpsByLevel: [2000] });
    expect(set.status).toBe(200);
    const [, , buyer] = await chain(shop, 3);
    const special = await pay(shop, buyer.id, 12_345, { goodsId });
    const ordinary = await pay(shop, buyer.id, 12_345);
    // 20% of 123.45 = 24.69; level 2 keeps 5% = 6.1725 → 6.17
    expect((await commissionsOf(shop, special)).map((c) => [c.rate_source, c.amount_minor])).toEqual([['goods', 2469], ['default', 617]]);
    expect((await commissionsOf(shop, ordinary)).map((c) => [c.rate_source, c.amount_minor])).toEqual([['default', 1234], ['default', 617]]);

    expect((await shop.http().get('/admin/referrals/goods-rates').set(bearer(await shop.adminToken('marketing')))).body.items).toEqual([
      expect.objectContaining({ goodsId, rateBpsByLevel: [2000] }),
    ]);
    expect((await shop.http().put(`/admin/referrals/goods-rates/${goodsId}`).set(bearer(finance)).send({ rateBpsByLevel: [1, 2, 3, 4] })).status).toBe(400);
    expect((await shop.http().put(`/admin/referrals/goods-rates/${goodsId}`).set(bearer(await shop.adminToken('marketing'))).send({ rateBpsByLevel: [1] })).status).toBe(403);
    expect((await shop.http().delete(`/admin/referrals/goods-rates/${goodsId}`).set(bearer(finance))).status).toBe(204);
    expect((await shop.http().delete(`/admin/referrals/goods-rates/${goodsId}`).set(bearer(finance))).status).toBe(404);
    const actions = await shop.dataSource.query(`SELECT action FROM platform.audit_log WHERE target_id = $1 ORDER BY at`, [goodsId]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['referrals.goods-rates.set', 'referrals.goods-rates.delete']);
  });

  it('pays a ranked member the rank rate when it is higher, from the sale after the one that lifted them', async () => {
    await setRates(shop, finance, 2, [1000, 500]);
    const gold = await shop
      .http()
      .post('/admin/referrals/ranks')
      .set(bearer(finance))
      .send({ name: 'Gold', position: 1, minDirectMembers: 1, minTeamSalesMinor: 10_000, rateBpsByLevel: [1500, 300] });
    expect(gold.status).toBe(201);
    const [upper, referrer, buyer] = await chain(shop, 3);

    const first = await pay(shop, buyer.id, 10_000); // lifts the referrer (1 direct, 100.00 team sales) and the upper member
    expect((await commissionsOf(shop, first)).map((c) => [c.rate_source, c.amount_minor])).toEqual([['default', 1000], ['default', 500]]);
    const changes = await outboxEvents(shop, 'referrals.member.rank-changed');
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberId: referrer.id, fromRankId: null, toRankId: gold.body.id }),
        expect.objectContaining({ memberId: upper.id, fromRankId: null, toRankId: gold.body.id }),
      ]),
    );

    const second = await pay(shop, buyer.id, 10_001);
    // level 1: Gold's 15% beats 10% → 1500.15 → 1500; level 2: Gold's 3% is below 5% → the default 500.05 → 500
    expect((await commissionsOf(shop, second)).map((c) => [c.rate_source, c.rank_id, c.rate_bps, c.amount_minor])).toEqual([
      ['rank', gold.body.id, 1500, 1500],
      ['default', null, 500, 500],
    ]);

    // A refund that takes team sales under the threshold takes the rank away again.
    await refund(shop, second, buyer.id, 10_001);
    await refund(shop, first, buyer.id, 5_000);
    expect(await outboxEvents(shop, 'referrals.member.rank-changed')).toContainEqual(
      expect.objectContaining({ memberId: referrer.id, fromRankId: gold.body.id, toRankId: null }),
    );
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('takes commissions back in proportion to partial refunds, exact to the minor unit after several', async () => {
    await setRates(shop, finance, 2, [1000, 500]);
    const [, referrer, buyer] = await chain(shop, 3);
    const order = await pay(shop, buyer.id, 10_000); // 1000 and 500
    const reversed = async () => (await commissionsOf(shop, order)).map((c) => [c.reversed_minor, c.status]);

    await refund(shop, order, buyer.id, 3_333);
    expect(await reversed()).toEqual([[333, 'frozen'], [166, 'frozen']]); // floor(1000 × 3333/10000), floor(500 × 3333/10000)
    await refund(shop, order, buyer.id, 3_333);
    expect(await reversed()).toEqual([[666, 'frozen'], [333, 'frozen']]); // cumulative 6666: 666.6 → 666, 333.3 → 333
    await refund(shop, order, buyer.id, 3_334);
    expect(await reversed()).toEqual([[1000, 'cancelled'], [500, 'cancelled']]);
    const [sale] = await shop.dataSource.query(`SELECT refunded_minor FROM referrals.sales WHERE order_id = $1`, [order]);
    expect(sale.refunded_minor).toBe(10_000);
    const [row] = await shop.dataSource.query(`SELECT team_sales_minor FROM referrals.members WHERE member_id = $1`, [referrer.id]);
    expect(row.team_sales_minor).toBe(0);
    // A refund beyond what was paid changes nothing more.
    await refund(shop, order, buyer.id, 1);
    expect(await reversed()).toEqual([[1000, 'cancelled'], [500, 'cancelled']]);
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('pays nothing for recruiting: registrations and bindings alone never create a commission', async () => {
    await setRates(shop, finance, 3, [3000, 2000, 1000]);
    const members = await chain(shop, 6);
    await Promise.all(members.map(() => register(shop, members[0])));
    const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM referrals.commissions`);
    expect(n).toBe(0);
    const [{ entries }] = await shop.dataSource.query(`SELECT count(*)::int AS entries FROM referrals.wallet_ledger`);
    expect(entries).toBe(0);
  });

  it('records nothing for guests, and no commission on orders in another currency or on free orders', async () => {
    await setRates(shop, finance, 2, [1000, 500]);
    const [, buyer] = await chain(shop, 2);
    await pay(shop, null, 10_000);
    const usd = await pay(shop, buyer.id, 10_000, { currency: 'USD' });
    const free = await pay(shop, buyer.id, 0);
    const sales = await shop.dataSource.query(`SELECT order_id, counted FROM referrals.sales ORDER BY counted`);
    expect(sales).toHaveLength(2);
    expect(sales.find((s: { order_id: string }) => s.order_id === usd).counted).toBe(false);
    expect(await commissionsOf(shop, usd)).toEqual([]);
    expect(await commissionsOf(shop, free)).toEqual([]);
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('keeps every counter in step when sales, refunds and registrations are delivered side by side', async () => {
    await setRates(shop, finance, 3, [1000, 500, 200]);
    const members = await chain(shop, 6);
    const now = clock.now().toISOString();
    const orders = Array.from({ length: 20 }, () => randomUUID());
    // 20 sales across the chain and 10 newcomers joining it, all in one batch of events: the
    // subscribers run them concurrently (sales share the tree lock, bindings take it alone).
    await publishAndDrain(
      shop,
      ...orders.map((id, i) => new OrderPaidV1(id, `N-${i}`, randomUUID(), 1, members[i % 6].id, randomUUID(), 1_000 + i, 'CNY', now)),
      ...Array.from({ length: 10 }, (_, i) => new MemberRegisteredV1(randomUUID(), members[i % 6].code, now)),
    );
    await publishAndDrain(shop, ...orders.slice(0, 5).map((id, i) => new OrderRefundedV1(id, `N-${i}`, randomUUID(), 1, members[i % 6].id, 500, 'CNY', 'part', now)));
    const [{ sales, commissions }] = await shop.dataSource.query(
      `SELECT (SELECT count(*)::int FROM referrals.sales) AS sales, (SELECT count(*)::int FROM referrals.commissions) AS commissions`,
    );
    // members[0] has no upline, members[1] one level, members[2] two, the others three
    expect(sales).toBe(20);
    expect(commissions).toBe([0, 1, 2, 3, 3, 3].reduce((sum, levels, i) => sum + levels * orders.filter((_, k) => k % 6 === i).length, 0));
    const [top] = await shop.dataSource.query(`SELECT team_size, team_sales_minor FROM referrals.members WHERE member_id = $1`, [members[0].id]);
    expect(top.team_size).toBe(5 + 10); // the rest of the chain and every newcomer
    const teamSales = orders.reduce((sum, _, i) => (i % 6 === 0 ? sum : sum + 1_000 + i - (i < 5 ? 500 : 0)), 0);
    expect(top.team_sales_minor).toBe(teamSales);
    expect(await treeProblems(shop)).toEqual([]);
  });

  it('records an order once, however often its payment event arrives', async () => {
    await setRates(shop, finance, 2, [1000, 500]);
    const [, buyer] = await chain(shop, 2);
    const order = await pay(shop, buyer.id, 5_000);
    await pay(shop, buyer.id, 5_000, { orderId: order }); // a second event for the same order
    expect(await amounts(order)).toEqual([[1, 500]]);
    const [row] = await shop.dataSource.query(`SELECT own_sales_minor FROM referrals.members WHERE member_id = $1`, [buyer.id]);
    expect(row.own_sales_minor).toBe(5_000);
  });
});
