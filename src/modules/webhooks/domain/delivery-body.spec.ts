import { deliveryIdOf } from './delivery-id';
import { EVENT_CATALOGUE, isSubscribable, KEY_BEARING_EVENT, unknownEventTypes } from './event-catalogue';
import { deliveryBody } from './delivery-body';
import { newWebhookSecret, SECRET_PREFIX } from './webhook-secret';

describe('the webhook body', () => {
  const base = { eventId: 'e-1', type: 'orders.order.delivered', occurredAt: new Date('2026-11-24T12:00:00Z'), data: { orderId: 'o-1', orderNo: 'N1' } };

  it('is {id, type, createdAt, data} with the event fields as data', () => {
    expect(JSON.parse(deliveryBody(base))).toEqual({ id: 'e-1', type: 'orders.order.delivered', createdAt: '2026-11-24T12:00:00.000Z', data: { orderId: 'o-1', orderNo: 'N1' } });
  });

  it('adds keys to data only when they are given, and only keyId and secret of each', () => {
    const withKeys = JSON.parse(deliveryBody({ ...base, keys: [{ keyId: 'k-1', secret: 'S1', extra: 'x' } as never] }));
    expect(withKeys.data.keys).toEqual([{ keyId: 'k-1', secret: 'S1' }]);
    expect(JSON.parse(deliveryBody(base)).data).not.toHaveProperty('keys');
  });
});

describe('the event catalogue', () => {
  it('holds the events merchants asked for, each once, and knows which one may carry keys', () => {
    const types = EVENT_CATALOGUE.map((e) => e.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of [
      'orders.order.placed',
      'orders.order.paid',
      'orders.order.delivered',
      'orders.order.refunded',
      'orders.order.expired',
      'orders.order.cancelled',
      'orders.order.awaiting-stock',
      'orders.order.awaiting-dynamic-delivery',
      'orders.order.dynamic-delivery-failed',
      'card-keys.stock.low',
      'payments.payment.mismatch',
      'support.ticket.opened',
      'support.ticket.sla-breached',
    ]) {
      expect(isSubscribable(t)).toBe(true);
    }
    expect(isSubscribable(KEY_BEARING_EVENT)).toBe(true);
    expect(unknownEventTypes(['orders.order.paid', 'orders.order.nope', '*'])).toEqual(['orders.order.nope', '*']);
  });
});

describe('signing secrets', () => {
  it('are whsec_ and 32 random bytes in base64url', () => {
    const secret = newWebhookSecret(() => Buffer.alloc(32, 0xff));
    expect(secret).toBe(`${SECRET_PREFIX}${'_'.repeat(42)}8`);
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
  });
});

describe('delivery ids', () => {
  it('are the same UUID for the same event and endpoint, and differ otherwise', () => {
    const a = deliveryIdOf('8d0e7f4c-0000-4000-8000-000000000001', 'e1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryIdOf('8d0e7f4c-0000-4000-8000-000000000001', 'e1')).toBe(a);
    expect(deliveryIdOf('8d0e7f4c-0000-4000-8000-000000000001', 'e2')).not.toBe(a);
    expect(deliveryIdOf('8d0e7f4c-0000-4000-8000-000000000002', 'e1')).not.toBe(a);
  });
});
