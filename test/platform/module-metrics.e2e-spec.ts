import { FixedClock } from '../../src/platform/clock/clock';
import { goodsWithKeys, payOnSandbox, placeOrder, resetShop, sandboxChannel } from '../orders/buy-flow-helpers';
import { createTestApp, resetPlatformTables, TestApp } from '../support/test-app';

const TOKEN = 'metrics-test-token-0123456789';

/**
 * After a real checkout over HTTP (list, order, pay, deliver), /metrics shows each module's share
 * of the work under its own label: HTTP by the controller's module, facade calls by callee and
 * caller, database time by the module whose code ran the queries, event deliveries by subscriber.
 */
describe('per-module figures on /metrics', () => {
  const clock = new FixedClock(new Date('2026-11-24T12:00:00Z'));
  let shop: TestApp;

  beforeAll(async () => {
    shop = await createTestApp({ clock, env: { METRICS_TOKEN: TOKEN } });
    await resetPlatformTables(shop.dataSource);
    await resetShop(shop);
  });
  afterAll(() => shop.close());

  const scrape = async (): Promise<string> => {
    const res = await shop.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    return res.text;
  };

  /** The value of one series (0 when absent). */
  const valueOf = (text: string, series: string): number => {
    const escaped = series.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return Number(new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };

  it('refuses a scrape without the token', async () => {
    expect((await shop.http().get('/metrics')).status).toBe(401);
    expect((await shop.http().get('/metrics').set('Authorization', 'Bearer wrong')).status).toBe(401);
  });

  it('charges a checkout to orders, card-keys, promotions, payments and goods', async () => {
    const owner = await shop.adminToken('owner');
    await sandboxChannel(shop, owner);
    const { goodsId } = await goodsWithKeys(shop, owner, 2);
    const before = await scrape();

    expect((await shop.http().get('/api/goods')).status).toBe(200);
    const placed = await placeOrder(shop, { goodsId });
    expect(placed.status).toBe(201);
    await payOnSandbox(shop, placed.body.payment.paymentId);
    expect((await shop.http().get('/api/no-such-thing/42')).status).toBe(404);
    const after = await scrape();
    const grew = (series: string) => valueOf(after, series) - valueOf(before, series);

    // HTTP by the controller's module, with the route pattern (never the raw URL); unmatched → none.
    expect(grew('http_requests_total{module="orders",method="POST",route="/api/orders",status="201"}')).toBe(1);
    expect(grew('http_request_duration_seconds_count{module="orders",method="POST",route="/api/orders"}')).toBe(1);
    expect(grew('http_requests_total{module="goods",method="GET",route="/api/goods",status="200"}')).toBe(1);
    expect(grew('http_requests_total{module="none",method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(after).not.toContain('/api/no-such-thing');

    // Facade calls by callee (module), method and caller; checkout reserves, delivery delivers.
    expect(grew('facade_calls_total{module="card-keys",method="reserve",caller="orders",outcome="ok"}')).toBe(1);
    expect(grew('facade_calls_total{module="card-keys",method="deliver",caller="orders",outcome="ok"}')).toBe(1);
    expect(grew('facade_calls_total{module="promotions",method="holdForOrder",caller="orders",outcome="ok"}')).toBe(1);
    expect(grew('facade_calls_total{module="payments",method="openPayment",caller="orders",outcome="ok"}')).toBe(1);
    expect(grew('facade_calls_total{module="card-keys",method="stockLevels",caller="goods",outcome="ok"}')).toBeGreaterThan(0);
    expect(grew('facade_call_duration_seconds_count{module="card-keys",method="reserve",caller="orders"}')).toBe(1);

    // Database time, charged to the module whose code ran each query.
    for (const module of ['orders', 'card-keys', 'promotions', 'payments', 'goods']) {
      expect({ module, ranQueries: grew(`db_query_duration_seconds_count{module="${module}"}`) > 0 }).toEqual({ module, ranQueries: true });
    }

    // Event deliveries by the subscriber's module: orders settled the payment.
    expect(grew('event_handler_runs_total{module="orders",subscriber="orders.settle-payment",outcome="success"}')).toBe(1);
    expect(grew('event_delivery_lag_seconds_count{module="orders"}')).toBeGreaterThan(0);
    expect(after).toMatch(/^queue_jobs\{module="orders",queue="orders.events",state="failed"\} \d+$/m);
    expect(after).toMatch(/^queue_jobs\{module="payments",queue="payments.settlements",state="waiting"\} \d+$/m);
  });
});
