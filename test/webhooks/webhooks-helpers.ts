import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { EventOutbox } from '../../src/platform/events';
import { bearer, type TestApp } from '../support/test-app';

export { bearer };

/** Empties the webhooks tables. */
export async function resetWebhooks(shop: TestApp): Promise<void> {
  await shop.dataSource.query(`TRUNCATE webhooks.delivery_attempts, webhooks.deliveries, webhooks.endpoints`);
}

/** Registers an endpoint through the admin API; fails the test on anything but 201. Returns the answer (with the secret). */
export async function createEndpoint(shop: TestApp, token: string, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string; secret: string }> {
  const res = await shop.http().post('/admin/webhooks/endpoints').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`endpoint create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown> & { id: string; secret: string };
}

/** Publishes events the way their modules do: in a transaction, through the outbox. Returns their ids. */
export async function publish(shop: TestApp, ...events: object[]): Promise<string[]> {
  const txHost = shop.app.get(TransactionHost);
  const outbox = shop.app.get(EventOutbox);
  return shop.app.get(ClsService).run(() => txHost.withTransaction(() => outbox.publish(...events)));
}

/** Polls the database until the delivery of this event to this endpoint is no longer pending. */
export async function waitUntilFinished(shop: TestApp, endpointId: string, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await shop.dataSource.query(`SELECT status FROM webhooks.deliveries WHERE endpoint_id = $1`, [endpointId]);
    if (row && row.status !== 'pending') return row.status as string;
    if (Date.now() > until) throw new Error(`the delivery to ${endpointId} is still ${row?.status ?? 'not planned'} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
