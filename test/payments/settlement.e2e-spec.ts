import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/platform/clock/clock';
import { Scheduler } from '../../src/platform/queue/scheduler';
import { drainEvents } from '../support/drain-events';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';
import { bearer, createChannel, outboxOf, patchChannel, paymentInput, paymentRow, payments, resetPayments } from './payments-helpers';

describe('reconciliation, refunds and manual confirmation', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;
  let finance: string;

  beforeAll(async () => {
    shop = await createTestApp({ clock });
    await shop.app.listen(0, '127.0.0.1');
  });
  beforeEach(async () => {
    clock.set(new Date('2026-11-24T12:00:00Z'));
    await resetPlatformTables(shop.dataSource);
    await resetPayments(shop);
    finance = await shop.adminToken('finance');
    await createChannel(shop, finance, { code: 'sandbox' });
  });
  afterAll(() => shop.close());

  const inMinutes = (m: number) => new Date(clock.now().getTime() + m * 60_000);
  const open = (over: Parameters<typeof paymentInput>[0] = {}) =>
    payments(shop, (p) => p.openPayment(paymentInput({ expiresAt: inMinutes(15), ...over })));
  const payAtSandbox = (payUrl: string | null, body: Record<string, string> = {}) => shop.http().post(payUrl as string).type('form').send(body);
  const reconcile = () => shop.app.get(Scheduler).runNow('payments.reconcile');
  const settleByCallback = async (payUrl: string | null) => {
    expect((await payAtSandbox(payUrl)).headers['x-sandbox-callback-status']).toBe('200');
    await drainEvents(shop.app);
  };

  describe('reconciliation', () => {
    it('settles a payment whose callback never came, once it has been pending over 2 minutes', async () => {
      const opened = await open();
      const paid = await payAtSandbox(opened.payUrl, { notify: 'no' });
      expect(paid.headers['x-sandbox-callback-status']).toBe('none');
      await reconcile();
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'pending' });

      clock.advance(3 * 60_000);
      await reconcile();
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'reconciliation' });
      const events = await outboxOf(shop, 'payments.payment.succeeded');
      expect(events).toEqual([expect.objectContaining({ paymentId: opened.paymentId, source: 'reconciliation', amountMinor: 1999 })]);

      // The callback that turns up after all changes nothing.
      await payAtSandbox(opened.payUrl);
      await drainEvents(shop.app);
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
      const [cb] = await shop.dataSource.query(`SELECT state FROM payments.callbacks`);
      expect(cb.state).toBe('duplicate');
    });

    it('expires unpaid payments past their window, fails the ones the provider failed, and catches late payments', async () => {
      const unpaid = await open({ expiresAt: inMinutes(5) });
      const failed = await open();
      const young = await open({ expiresAt: inMinutes(60) });
      await payAtSandbox(failed.payUrl, { outcome: 'failed', notify: 'no' });
      clock.advance(6 * 60_000);
      const res = await shop.http().post('/admin/payments/reconcile').set(bearer(finance));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ checked: 3, settled: 0, failed: 1, expired: 1, errors: 0 });
      expect(await paymentRow(shop, unpaid.paymentId)).toMatchObject({ status: 'expired' });
      expect(await paymentRow(shop, failed.paymentId)).toMatchObject({ status: 'failed' });
      expect(await paymentRow(shop, young.paymentId)).toMatchObject({ status: 'pending' });

      // The buyer pays the expired one late and its callback is lost: reconciliation still finds it.
      await payAtSandbox(unpaid.payUrl, { notify: 'no' });
      clock.advance(60_000);
      await reconcile();
      expect(await paymentRow(shop, unpaid.paymentId)).toMatchObject({ status: 'succeeded', settled_by: 'reconciliation' });
      expect((await outboxOf(shop, 'payments.payment.succeeded')).map((e) => e.paymentId)).toEqual([unpaid.paymentId]);
    });

    it('queues again a stored callback whose settlement job was lost', async () => {
      const opened = await open();
      const callbackId = randomUUID();
      await shop.dataSource.query(
        `INSERT INTO payments.callbacks (id, channel, provider_txn_id, reported_status, payment_id, amount_minor, currency, state, received_at)
         VALUES ($1, 'sandbox', 'SBXT-lost', 'succeeded', $2, 1999, 'CNY', 'received', $3)`,
        [callbackId, opened.paymentId, clock.now()],
      );
      clock.advance(2 * 60_000);
      await reconcile();
      await drainEvents(shop.app);
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', provider_txn_id: 'SBXT-lost', settled_by: 'callback' });
    });

    it('is a registered schedule', () => {
      expect(shop.app.get(Scheduler).names()).toContain('payments.reconcile');
    });
  });

  describe('refunds', () => {
    it('refunds through the provider, in parts, and reports each refund', async () => {
      const opened = await open({ amountMinor: 1000 });
      await settleByCallback(opened.payUrl);
      const part = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, amountMinor: 300, reason: 'one key was faulty' }));
      expect(part).toEqual({ paymentId: opened.paymentId, outcome: 'refunded', amountMinor: 300 });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'succeeded', refunded_amount_minor: 300 });
      await expect(payments(shop, (p) => p.refund({ paymentId: opened.paymentId, amountMinor: 701, reason: 'too much' }))).rejects.toMatchObject({
        status: 422,
        code: 'refund_exceeds_payment',
      });
      const rest = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, reason: 'order cancelled' }));
      expect(rest).toEqual({ paymentId: opened.paymentId, outcome: 'refunded', amountMinor: 700 });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'refunded', refunded_amount_minor: 1000 });
      await expect(payments(shop, (p) => p.refund({ paymentId: opened.paymentId, reason: 'again' }))).rejects.toMatchObject({
        status: 409,
        code: 'payment_not_refundable',
      });

      const [sandbox] = await shop.dataSource.query(`SELECT refunded_minor FROM payments.sandbox_transactions WHERE payment_id = $1`, [opened.paymentId]);
      expect(Number(sandbox.refunded_minor)).toBe(1000);
      const events = await outboxOf(shop, 'payments.payment.refunded');
      expect(events).toEqual([
        expect.objectContaining({ paymentId: opened.paymentId, amountMinor: 300, outcome: 'refunded', reason: 'one key was faulty' }),
        expect.objectContaining({ paymentId: opened.paymentId, amountMinor: 700, outcome: 'refunded', reason: 'order cancelled' }),
      ]);
      const audit = await shop.http().get('/admin/audit-log?action=payments.refund').set(bearer(finance));
      expect(audit.body.total).toBe(2);
      expect((await payments(shop, (p) => p.paymentsOf(events[0].orderId as string)))[0]).toMatchObject({ status: 'refunded', refundedAmountMinor: 1000 });
    });

    it('flags a refund the channel cannot make, for a person to pay back', async () => {
      const opened = await open();
      await settleByCallback(opened.payUrl);
      await patchChannel(shop, finance, 'sandbox', { settings: { refundUnsupported: true } });
      const result = await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, reason: 'second payment of a paid order' }));
      expect(result).toEqual({ paymentId: opened.paymentId, outcome: 'flagged', amountMinor: 1999 });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ status: 'refunded' });
      expect(await outboxOf(shop, 'payments.payment.refunded')).toEqual([expect.objectContaining({ outcome: 'flagged', amountMinor: 1999 })]);
      const audit = await shop.http().get('/admin/audit-log?action=payments.refund.flagged').set(bearer(finance));
      expect(audit.body.items[0]).toMatchObject({ targetId: opened.paymentId, reason: 'second payment of a paid order' });

      const open1 = await shop.http().get('/admin/payments/refunds?open=true').set(bearer(finance));
      expect(open1.body.total).toBe(1);
      const refundId = open1.body.items[0].id;
      expect((await shop.http().post(`/admin/payments/refunds/${refundId}/resolve`).set(bearer(finance)).send({})).status).toBe(400);
      const resolved = await shop.http().post(`/admin/payments/refunds/${refundId}/resolve`).set(bearer(finance)).send({ resolution: 'bank transfer T-991' });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ id: refundId, resolution: 'bank transfer T-991' });
      expect((await shop.http().post(`/admin/payments/refunds/${refundId}/resolve`).set(bearer(finance)).send({ resolution: 'again' })).status).toBe(404);
      expect((await shop.http().get('/admin/payments/refunds?open=true').set(bearer(finance))).body.total).toBe(0);
    });

    it('refuses refunds of unknown or unpaid payments and bad requests, changing nothing', async () => {
      const opened = await open();
      const cases: Array<[Parameters<typeof payments>[1], number]> = [
        [(p) => p.refund({ paymentId: randomUUID(), reason: 'x' }), 404],
        [(p) => p.refund({ paymentId: opened.paymentId, reason: 'not paid' }), 409],
        [(p) => p.refund({ paymentId: opened.paymentId, reason: '' }), 400],
        [(p) => p.refund({ paymentId: opened.paymentId, amountMinor: -5, reason: 'negative' }), 400],
      ];
      for (const [call, status] of cases) await expect(payments(shop, call)).rejects.toMatchObject({ status });
      const [{ n }] = await shop.dataSource.query(`SELECT count(*)::int AS n FROM payments.refunds`);
      expect(n).toBe(0);
      expect(await outboxOf(shop, 'payments.payment.refunded')).toEqual([]);
    });
  });

  describe('manual confirmation', () => {
    it("settles the order's open payment by hand, through the same settlement, audited", async () => {
      const order = paymentInput({ expiresAt: inMinutes(15), amountMinor: 5000 });
      const opened = await payments(shop, (p) => p.openPayment(order));
      const summary = await payments(shop, (p) =>
        p.confirmManually({ orderId: order.orderId, providerTxnId: 'BANK-20261124-1', reason: 'bank transfer seen on the statement' }),
      );
      expect(summary).toMatchObject({ paymentId: opened.paymentId, status: 'succeeded', providerTxnId: 'BANK-20261124-1', amountMinor: 5000 });
      expect(await paymentRow(shop, opened.paymentId)).toMatchObject({ settled_by: 'manual' });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toEqual([
        expect.objectContaining({ paymentId: opened.paymentId, source: 'manual', providerTxnId: 'BANK-20261124-1' }),
      ]);
      const audit = await shop.http().get('/admin/audit-log?action=payments.confirm-manually').set(bearer(finance));
      expect(audit.body.items[0]).toMatchObject({ targetId: opened.paymentId, reason: 'bank transfer seen on the statement' });

      await expect(
        payments(shop, (p) => p.confirmManually({ orderId: order.orderId, providerTxnId: 'BANK-2', reason: 'twice' })),
      ).rejects.toMatchObject({ status: 409, code: 'order_already_paid' });
      // Money confirmed by hand goes back by hand.
      expect(await payments(shop, (p) => p.refund({ paymentId: opened.paymentId, reason: 'cancelled' }))).toMatchObject({ outcome: 'flagged' });
    });

    it('confirms a failed or expired payment too, and refuses what it cannot confirm', async () => {
      const order = paymentInput({ expiresAt: inMinutes(15) });
      const opened = await payments(shop, (p) => p.openPayment(order));
      await shop.dataSource.query(`UPDATE payments.payments SET status = 'failed', closed_at = now() WHERE id = $1`, [opened.paymentId]);
      const summary = await payments(shop, (p) => p.confirmManually({ orderId: order.orderId, providerTxnId: 'CASH-1', reason: 'paid in the shop' }));
      expect(summary).toMatchObject({ paymentId: opened.paymentId, status: 'succeeded' });

      await expect(payments(shop, (p) => p.confirmManually({ orderId: randomUUID(), providerTxnId: 'X-1', reason: 'no such order' }))).rejects.toMatchObject({
        status: 404,
      });
      await expect(payments(shop, (p) => p.confirmManually({ orderId: order.orderId, providerTxnId: 'has space', reason: 'bad' }))).rejects.toMatchObject({
        status: 400,
      });
      const other = paymentInput({ expiresAt: inMinutes(15) });
      await payments(shop, (p) => p.openPayment(other));
      // The same provider transaction cannot pay two payments of a channel.
      await expect(payments(shop, (p) => p.confirmManually({ orderId: other.orderId, providerTxnId: 'CASH-1', reason: 'copy-paste slip' }))).rejects.toMatchObject({
        status: 409,
      });
      expect(await outboxOf(shop, 'payments.payment.succeeded')).toHaveLength(1);
    });
  });

  describe('admin views', () => {
    it('lists payments by order, status and channel', async () => {
      const a = await open();
      await open();
      await settleByCallback(a.payUrl);
      const all = await shop.http().get('/admin/payments').set(bearer(finance));
      expect(all.body.total).toBe(2);
      const paid = await shop.http().get('/admin/payments?status=succeeded&channel=sandbox').set(bearer(finance));
      expect(paid.body.items).toEqual([expect.objectContaining({ paymentId: a.paymentId, status: 'succeeded', settledBy: 'callback', feeMinor: 0 })]);
      expect((await shop.http().get('/admin/payments?status=paid').set(bearer(finance))).status).toBe(400);
      expect((await shop.http().get('/admin/payments').set(bearer(await shop.adminToken('support')))).status).toBe(403);
    });
  });
});
