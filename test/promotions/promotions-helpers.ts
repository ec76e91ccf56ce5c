import { bearer, type TestApp } from '../support/test-app';

export const PROMOTION_TABLES = `promotions.experiment_conversions, promotions.experiment_exposures, promotions.experiments,
  promotions.flash_sale_units, promotions.holds, promotions.coupons, promotions.activities`;

export async function resetPromotions(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE ${PROMOTION_TABLES}`);
}

/** A window around the test clock's "now" (2026-11-24T12:00Z unless a test moves it). */
export const WINDOW = { startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-31T00:00:00Z' };

export async function createActivity(shop: TestApp, token: string, body: Record<string, unknown>) {
  const res = await shop.http().post('/admin/promotions/activities').set(bearer(token)).send({ name: 'Activity', ...WINDOW, ...body });
  if (res.status !== 201) throw new Error(`activity: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, unknown>;
}

export async function createCoupon(shop: TestApp, token: string, body: Record<string, unknown>) {
  const res = await shop
    .http()
    .post('/admin/promotions/coupons')
    .set(bearer(token))
    .send({ name: 'Coupon', ...WINDOW, ...body });
  if (res.status !== 201) throw new Error(`coupon: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string } & Record<string, unknown>;
}

export async function couponUses(shop: TestApp, code: string): Promise<number> {
  const [row] = await shop.dataSource.query(`SELECT uses_taken FROM promotions.coupons WHERE code = $1`, [code]);
  return row.uses_taken as number;
}

export async function flashTaken(shop: TestApp, activityId: string): Promise<number> {
  const [row] = await shop.dataSource.query(`SELECT flash_units_taken FROM promotions.activities WHERE id = $1`, [activityId]);
  return row.flash_units_taken as number;
}

export async function holdStatus(shop: TestApp, orderId: string): Promise<string | undefined> {
  const [row] = await shop.dataSource.query(`SELECT status FROM promotions.holds WHERE order_id = $1`, [orderId]);
  return row?.status as string | undefined;
}
