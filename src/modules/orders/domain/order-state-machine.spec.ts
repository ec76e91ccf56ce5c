import { canDo, IllegalTransitionError, nextStatus, ORDER_TRANSITIONS, validateTransitions } from './order-state-machine';

describe('order state machine', () => {
  it('is a sound table', () => {
    expect(validateTransitions()).toEqual([]);
  });

  it('pays pending and expired (late) orders, and refuses paying twice', () => {
    expect(nextStatus('pending_payment', 'pay')).toBe('paid');
    expect(nextStatus('expired', 'pay')).toBe('paid');
    expect(() => nextStatus('paid', 'pay')).toThrow(IllegalTransitionError);
    expect(() => nextStatus('delivered', 'pay')).toThrow('An order that is delivered cannot pay');
  });

  it('delivers from paid or awaiting stock, and expires only unpaid orders', () => {
    expect(nextStatus('paid', 'deliver')).toBe('delivered');
    expect(nextStatus('paid_awaiting_stock', 'deliver')).toBe('delivered');
    expect(canDo('paid', 'expire')).toBe(false);
    expect(canDo('cancelled', 'refund')).toBe(false);
  });

  it('sends a paid order of dynamic goods to wait for the merchant, then delivers or refunds it', () => {
    expect(nextStatus('paid', 'await_dynamic_delivery')).toBe('awaiting_dynamic_delivery');
    expect(nextStatus('awaiting_dynamic_delivery', 'deliver')).toBe('delivered');
    expect(nextStatus('awaiting_dynamic_delivery', 'refund')).toBe('refunded');
    expect(canDo('awaiting_dynamic_delivery', 'pay')).toBe(false);
    expect(canDo('awaiting_dynamic_delivery', 'expire')).toBe(false);
    expect(canDo('awaiting_dynamic_delivery', 'await_stock')).toBe(false);
    expect(canDo('pending_payment', 'await_dynamic_delivery')).toBe(false);
    expect(() => nextStatus('delivered', 'await_dynamic_delivery')).toThrow('An order that is delivered cannot await dynamic delivery');
  });

  it('finds what is wrong with a broken table', () => {
    const broken = [
      ...ORDER_TRANSITIONS.filter((t) => t.to !== 'refunded'),
      { from: 'paid', action: 'deliver', to: 'cancelled' } as const,
      { from: 'cancelled', action: 'pay', to: 'paid' } as const,
    ];
    const problems = validateTransitions(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'two transitions for deliver from paid',
        'status "refunded" cannot be reached',
        'final status "cancelled" has a way out (pay)',
      ]),
    );
  });
});
