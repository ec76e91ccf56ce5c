import { actionsFrom, nextStateIn, transitionProblems } from './transition-table';

type S = 'new' | 'open' | 'done';
type A = 'start' | 'finish' | 'reopen';
const statuses: S[] = ['new', 'open', 'done'];
const table = [
  { from: 'new' as S, action: 'start' as A, to: 'open' as S },
  { from: 'open' as S, action: 'finish' as A, to: 'done' as S },
];

describe('transition tables', () => {
  it('finds the next status and the allowed actions', () => {
    expect(nextStateIn(table, 'new', 'start')).toBe('open');
    expect(nextStateIn(table, 'done', 'start')).toBeNull();
    expect(actionsFrom(table, 'open')).toEqual(['finish']);
  });

  it('accepts a sound table', () => {
    expect(transitionProblems({ statuses, initial: 'new', table, final: ['done'] })).toEqual([]);
  });

  it('names every problem of a broken one', () => {
    const broken = [
      ...table,
      { from: 'open' as S, action: 'finish' as A, to: 'new' as S },
      { from: 'done' as S, action: 'reopen' as A, to: 'open' as S },
      { from: 'open' as S, action: 'reopen' as A, to: 'open' as S },
      { from: 'lost' as S, action: 'start' as A, to: 'open' as S },
    ];
    expect(transitionProblems({ statuses: [...statuses, 'never' as S], initial: 'new', table: broken, final: ['done'] })).toEqual([
      'two transitions for finish from open',
      'reopen from open goes nowhere',
      'unknown status "lost"',
      'status "never" cannot be reached',
      'final status "done" has a way out (reopen)',
    ]);
  });
});
