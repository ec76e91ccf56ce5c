import { checkoutSessionState, readCheckoutEvent } from './stripe-checkout-session';

const paymentId = '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11';

/** A completed session as Stripe sends it (fields we do not read left out). */
const session = (over: Record<string, unknown> = {}) => ({
  id: 'cs_test_a1',
  object: 'checkout.session',
  amount_total: 1999,
  currency: 'eur',
  client_reference_id: paymentId,
  metadata: { paymentId, orderNo: '20261124-AB12', channel: 'stripe-eur' },
  mode: 'payment',
  payment_intent: 'pi_3Q1',
  payment_status: 'paid',
  status: 'complete',
  ...over,
});
const event = (type: string, object: unknown) => ({ id: 'evt_1', object: 'event', type, data: { object } });

describe('reading Stripe Checkout events', () => {
  it('reads a paid session as a success of the payment it names', () => {
    const report = { paymentId, providerTxnId: 'pi_3Q1', amountMinor: 1999, currency: 'EUR', status: 'succeeded' };
    expect(readCheckoutEvent(event('checkout.session.completed', session()))).toEqual({ outcome: 'verified', report, channel: 'stripe-eur' });
    expect(readCheckoutEvent(event('checkout.session.async_payment_succeeded', session()))).toEqual({ outcome: 'verified', report, channel: 'stripe-eur' });
    // An expanded PaymentIntent, a zero-decimal currency, a session without our channel in its metadata.
    const jpy = session({ payment_intent: { id: 'pi_9' }, currency: 'jpy', amount_total: 500, metadata: {} });
    expect(readCheckoutEvent(event('checkout.session.completed', jpy))).toEqual({
      outcome: 'verified',
      report: { paymentId, providerTxnId: 'pi_9', amountMinor: 500, currency: 'JPY', status: 'succeeded' },
      channel: null,
    });
  });

  it('reads a failed asynchronous payment as a failure', () => {
    expect(readCheckoutEvent(event('checkout.session.async_payment_failed', session({ payment_status: 'unpaid' })))).toEqual({
      outcome: 'verified',
      report: { paymentId, providerTxnId: 'pi_3Q1', amountMinor: 1999, currency: 'EUR', status: 'failed' },
      channel: 'stripe-eur',
    });
  });

  it('ignores other event types, unpaid completions and sessions that are not ours', () => {
    expect(readCheckoutEvent(event('payment_intent.succeeded', { object: 'payment_intent' }))).toEqual({
      outcome: 'ignored',
      reason: 'event type payment_intent.succeeded is not used',
    });
    expect(readCheckoutEvent(event('checkout.session.expired', session({ status: 'expired' })))).toMatchObject({ outcome: 'ignored' });
    expect(readCheckoutEvent(event('checkout.session.completed', session({ payment_status: 'unpaid' })))).toEqual({
      outcome: 'ignored',
      reason: 'session payment_status is unpaid: waiting for the payment',
    });
    expect(readCheckoutEvent(event('checkout.session.completed', session({ client_reference_id: null })))).toEqual({
      outcome: 'ignored',
      reason: 'the session names no payment of this shop',
    });
    expect(readCheckoutEvent(event('checkout.session.completed', session({ client_reference_id: 'order-17' })))).toMatchObject({ outcome: 'ignored' });
  });

  it('refuses what it cannot read', () => {
    expect(readCheckoutEvent([])).toEqual({ outcome: 'refused', reason: 'not a Stripe event' });
    expect(readCheckoutEvent({ type: 'checkout.session.completed' })).toEqual({ outcome: 'refused', reason: 'not a Stripe event' });
    expect(readCheckoutEvent(event('checkout.session.completed', { object: 'payment_intent' }))).toMatchObject({ outcome: 'refused' });
    expect(readCheckoutEvent(event('checkout.session.completed', session({ payment_intent: null })))).toEqual({
      outcome: 'refused',
      reason: 'the session has no PaymentIntent',
    });
    for (const over of [{ amount_total: '1999' }, { amount_total: 19.99 }, { amount_total: -1 }, { currency: 'EUR' }, { currency: undefined }, { amount_total: 50050, currency: 'isk' }]) {
      expect(readCheckoutEvent(event('checkout.session.completed', session(over)))).toEqual({
        outcome: 'refused',
        reason: 'the session amount_total or currency is not readable',
      });
    }
  });
});

describe('the state of a retrieved Checkout Session', () => {
  it('is succeeded when paid, failed when expired, pending otherwise', () => {
    expect(checkoutSessionState(session(), paymentId)).toEqual({ status: 'succeeded', providerTxnId: 'pi_3Q1', amountMinor: 1999, currency: 'EUR' });
    expect(checkoutSessionState(session({ payment_status: 'unpaid', status: 'expired', payment_intent: null }), paymentId)).toEqual({ status: 'failed' });
    expect(checkoutSessionState(session({ payment_status: 'unpaid', status: 'open', payment_intent: null }), paymentId)).toEqual({ status: 'pending' });
    expect(checkoutSessionState(session({ payment_status: 'unpaid', status: 'complete' }), paymentId)).toEqual({ status: 'pending' });
  });

  it('is not found when the session is not the payment’s', () => {
    expect(checkoutSessionState(session({ client_reference_id: '7d1c1f0e-0000-4000-8000-000000000001' }), paymentId)).toEqual({ status: 'not_found' });
    expect(checkoutSessionState({ object: 'payment_intent' }, paymentId)).toEqual({ status: 'not_found' });
  });
});
