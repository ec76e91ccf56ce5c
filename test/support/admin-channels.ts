import { bearer, type TestApp } from './test-app';

/** Creates a payment channel through the admin API, as a finance admin would; fails the test on anything but 201. */
export async function createChannelAsAdmin(shop: TestApp, token: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await shop.http().post('/admin/payments/channels').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`${String(body.provider)} channel create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}
