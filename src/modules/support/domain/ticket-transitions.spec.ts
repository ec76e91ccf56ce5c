import { TICKET_TRANSITIONS, TicketTransition, transitionFor, transitionTo, validateTicketTransitions } from './ticket-transitions';

describe('ticket transitions', () => {
  it('is a sound table', () => {
    expect(validateTicketTransitions()).toEqual([]);
  });

  it("reopens a pending or resolved ticket on the buyer's reply, but never a closed one", () => {
    expect(transitionFor('pending', 'buyer_reply')?.to).toBe('open');
    expect(transitionFor('resolved', 'buyer_reply')?.to).toBe('open');
    expect(transitionFor('open', 'buyer_reply')).toBeNull();
    expect(transitionFor('closed', 'buyer_reply')).toBeNull();
    expect(transitionFor('closed', 'reopen')).toBeNull();
  });

  it("finds the agent's move to a chosen status, and only the agent's", () => {
    expect(transitionTo('open', 'pending', 'agent')?.action).toBe('wait_on_buyer');
    expect(transitionTo('resolved', 'open', 'agent')?.action).toBe('reopen');
    expect(transitionTo('resolved', 'open', 'buyer')?.action).toBe('buyer_reply');
    expect(transitionTo('open', 'resolved', 'buyer')).toBeNull();
    expect(transitionTo('closed', 'open', 'agent')).toBeNull();
    expect(transitionTo('open', 'closed', 'system')).toBeNull();
    expect(transitionFor('resolved', 'auto_close')?.by).toBe('system');
  });

  it('finds what is wrong with a broken table', () => {
    const broken: TicketTransition[] = [
      ...TICKET_TRANSITIONS.filter((t) => t.from !== 'resolved' && t.to !== 'resolved'),
      { from: 'open', action: 'close', by: 'agent', to: 'pending' },
      { from: 'closed', action: 'reopen', by: 'agent', to: 'open' },
      { from: 'pending', action: 'wait_on_buyer', by: 'agent', to: 'pending' },
      { from: 'open', action: 'reopen', by: 'agent', to: 'pending' },
    ];
    expect(validateTicketTransitions(broken)).toEqual(
      expect.arrayContaining([
        'two transitions for close from open',
        'final status "closed" has a way out (reopen)',
        'wait_on_buyer from pending goes nowhere',
        'status "resolved" cannot be reached',
        'two ways for agent from open to pending',
      ]),
    );
  });
});
