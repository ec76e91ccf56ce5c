import { WITHDRAWAL_TRANSITIONS, withdrawalTableProblems, withdrawalTransition } from './withdrawal-state-machine';

describe('withdrawal state machine', () => {
  it('is sound', () => {
    expect(withdrawalTableProblems()).toEqual([]);
  });

  it('finds the checker catching a bad table', () => {
    expect(withdrawalTableProblems([...WITHDRAWAL_TRANSITIONS, { from: 'paid', action: 'reject', to: 'rejected', returnsFunds: true }])).toContain(
      'final status "paid" has a way out (reject)',
    );
    expect(withdrawalTableProblems(WITHDRAWAL_TRANSITIONS.filter((t) => t.action !== 'mark_paid'))).toContain('status "paid" cannot be reached');
  });

  it('returns funds on a rejection only, and pays only what was approved', () => {
    expect(withdrawalTransition('requested', 'reject')).toMatchObject({ to: 'rejected', returnsFunds: true });
    expect(withdrawalTransition('approved', 'reject')).toMatchObject({ to: 'rejected', returnsFunds: true });
    expect(withdrawalTransition('approved', 'mark_paid')).toMatchObject({ to: 'paid', returnsFunds: false });
    expect(withdrawalTransition('requested', 'mark_paid')).toBeNull();
    expect(withdrawalTransition('paid', 'reject')).toBeNull();
    expect(withdrawalTransition('rejected', 'approve')).toBeNull();
  });
});
