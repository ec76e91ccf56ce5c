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
