import Stripe from 'stripe';
import type { ReceivedCallback } from '../payment-provider';
import { verifyStripeWebhook } from './stripe-webhook';

/**
 * A fixed vector worked out outside our code, with OpenSSL:
 *   printf '%s' "1795000000.$BODY" | openssl dgst -sha256 -hmac 'whsec_c3RyaXBlLXZlY3Rvci1zZWNyZXQ'
 */
const SECRET = 'whsec_c3RyaXBlLXZlY3Rvci1zZWNyZXQ';
const SIGNED_AT = 1795000000;
const BODY =
  '{"id":"evt_vector","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_test_vector","object":"checkout.session",' +
  '"amount_total":1999,"currency":"eur","client_reference_id":"0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11","payment_intent":"pi_vector",' +
  '"payment_status":"paid","status":"complete"}}}';
const HEADER = `t=${SIGNED_AT},v1=b12deeba0366eca6f8e8633b7c9019517bb62a62cfc265174b5510989c5a2ae9`;
const paymentId = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';

const at = (seconds: number) => new Date(seconds * 1000);
const callback = (over: Partial<ReceivedCallback> = {}): ReceivedCallback => ({
  method: 'POST',
  rawBody: Buffer.from(BODY),
  rawQuery: '',
  headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': HEADER },
  pathRef: null,
  ...over,
});

describe('Stripe webhook verification', () => {
  const verified = { outcome: 'verified', paymentId, providerTxnId: 'pi_vector', amountMinor: 1999, currency: 'EUR', status: 'succeeded' };
  const refused = (reason: string) => ({ outcome: 'refused', reason });
  const verify = (cb: ReceivedCallback, now: Date, over: { secret?: string; toleranceSeconds?: number; channel?: string } = {}) =>
    verifyStripeWebhook(cb, { secret: SECRET, toleranceSeconds: 300, channel: null, ...over }, now);
  /** A body signed with the SDK's own test helper. */
  const signed = (body: string, over: Partial<ReceivedCallback> = {}) =>
    callback({
      rawBody: Buffer.from(body),
      headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: SIGNED_AT }) },
      ...over,
    });

  it('accepts the fixed vector over the exact bytes, within the tolerance', () => {
    expect(verify(callback(), at(SIGNED_AT + 10))).toEqual(verified);
    expect(verify(callback({ pathRef: paymentId }), at(SIGNED_AT))).toEqual(verified);
    expect(verify(callback(), at(SIGNED_AT + 301), { toleranceSeconds: 900 })).toEqual(verified);
  });

  it("agrees with the SDK's own test helper", () => {
    expect(Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET, timestamp: SIGNED_AT })).toBe(HEADER);
  });

  it('refuses a changed body, another secret, an old timestamp and bad headers', () => {
    const now = at(SIGNED_AT + 10);
    expect(verify(callback({ rawBody: Buffer.from(BODY.replace('1999', '1')) }), now)).toEqual(refused('signature mismatch'));
    // The same JSON re-serialised is other bytes: the signature is over what was sent.
    expect(verify(callback({ rawBody: Buffer.from(JSON.stringify(JSON.parse(BODY), null, 1)) }), now)).toEqual(refused('signature mismatch'));
    expect(verify(callback(), now, { secret: 'whsec_b3RoZXItc2VjcmV0LW9mLWFub3RoZXI' })).toEqual(refused('signature mismatch'));
    expect(verify(callback(), at(SIGNED_AT + 301))).toEqual(refused('signature timestamp outside tolerance'));
    expect(verify(callback({ headers: {} }), now)).toEqual(refused('Stripe-Signature header missing'));
    expect(verify(callback({ headers: { 'stripe-signature': 'v1=abc' } }), now)).toEqual(refused('Stripe-Signature header malformed'));
    expect(verify(callback({ headers: { 'stripe-signature': `t=${SIGNED_AT},v0=abc` } }), now)).toEqual(refused('Stripe-Signature header malformed'));
    expect(verify(callback({ method: 'GET' }), now)).toEqual(refused('Stripe webhooks are POSTed'));
    expect(verify(callback(), now, { secret: '' })).toEqual(refused('the channel has no webhook secret'));
  });

  it("refuses a genuine event sent to another payment's URL", () => {
    expect(verify(callback({ pathRef: '7d1c1f0e-0000-4000-8000-000000000001' }), at(SIGNED_AT))).toEqual(
      refused('the payment in the path is not the one in the signed event'),
    );
  });

  it('ignores a genuine event of a type it does not use, and refuses a signed body that is not JSON', () => {
    const other = JSON.stringify({ id: 'evt_2', object: 'event', type: 'customer.created', data: { object: { object: 'customer' } } });
    expect(verify(signed(other), at(SIGNED_AT))).toEqual({ outcome: 'ignored', reason: 'event type customer.created is not used' });
    expect(verify(signed('not json'), at(SIGNED_AT))).toEqual(refused('signed body is not JSON'));
  });

  it('leaves the sessions another channel of the same Stripe account opened to that channel', () => {
    const event = JSON.parse(BODY);
    event.data.object.metadata = { paymentId, channel: 'stripe-usd' };
    const body = JSON.stringify(event);
    expect(verify(signed(body), at(SIGNED_AT), { channel: 'stripe-eur' })).toEqual({ outcome: 'ignored', reason: 'the session was opened by channel stripe-usd' });
    expect(verify(signed(body), at(SIGNED_AT), { channel: 'stripe-usd' })).toEqual(verified);
    expect(verify(signed(body), at(SIGNED_AT))).toEqual(verified);
  });
});
