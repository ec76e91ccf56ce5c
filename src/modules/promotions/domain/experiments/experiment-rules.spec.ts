import {
  assertTransition,
  bucketingSeed,
  canChangeAllocation,
  coverageProblem,
  decideAllocationChange,
  EXPERIMENT_TRANSITIONS,
  ExperimentAction,
  ExperimentStatus,
  isAllocationChange,
  nextPhase,
  nextStatus,
  variantProblems,
  VariantDefinition,
} from './experiment-rules';
import { assignVariant } from './bucketing';

const STATUSES: ExperimentStatus[] = ['draft', 'running', 'paused', 'stopped'];
const ACTIONS: ExperimentAction[] = ['start', 'pause', 'resume', 'stop'];

describe('lifecycle', () => {
  it('has exactly these transitions', () => {
    expect(EXPERIMENT_TRANSITIONS).toEqual({
      draft: { start: 'running' },
      running: { pause: 'paused', stop: 'stopped' },
      paused: { resume: 'running', stop: 'stopped' },
      stopped: {},
    });
  });

  // Every (status, action) pair: the full table, including what is refused.
  const table: Array<[ExperimentStatus, ExperimentAction, ExperimentStatus | null]> = [
    ['draft', 'start', 'running'],
    ['draft', 'pause', null],
    ['draft', 'resume', null],
    ['draft', 'stop', null],
    ['running', 'start', null],
    ['running', 'pause', 'paused'],
    ['running', 'resume', null],
    ['running', 'stop', 'stopped'],
    ['paused', 'start', null],
    ['paused', 'pause', null],
    ['paused', 'resume', 'running'],
    ['paused', 'stop', 'stopped'],
    ['stopped', 'start', null],
    ['stopped', 'pause', null],
    ['stopped', 'resume', null],
    ['stopped', 'stop', null],
  ];
  it.each(table)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
    const error = assertTransition(from, action);
    if (to === null) expect(error).toEqual(expect.any(String));
    else expect(error).toBeNull();
  });

  it('explains refusals', () => {
    expect(assertTransition('running', 'start')).toBe('cannot start an experiment that is running (allowed: pause, stop)');
    expect(assertTransition('stopped', 'resume')).toBe('a stopped experiment is final and cannot resume');
  });

  it('covers every status and action', () => {
    expect(table).toHaveLength(STATUSES.length * ACTIONS.length);
  });
});

describe('variantProblems', () => {
  const valid: VariantDefinition[] = [
    { key: 'control', weight: 50, isControl: true },
    { key: 'free-gift_2', weight: 50, isControl: false },
  ];

  it('accepts a valid set', () => {
    expect(variantProblems(valid)).toEqual([]);
    expect(variantProblems([...valid, { key: 'c', weight: 0, isControl: false }])).toEqual([]);
  });

  it('needs 2 to 10 variants', () => {
    expect(variantProblems([valid[0]])).toEqual(['an experiment needs 2 to 10 variants, got 1']);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ key: `v${i}`, weight: 1, isControl: i === 0 }));
    expect(variantProblems(eleven)).toEqual(['an experiment needs 2 to 10 variants, got 11']);
    expect(variantProblems(eleven.slice(0, 10))).toEqual([]);
  });

  it.each(['', 'Control', '-a', '_a', 'a b', 'a.b', 'ä', 'a'.repeat(33)])('rejects the key %j', (key) => {
    const problems = variantProblems([valid[0], { key, weight: 1, isControl: false }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/must be 1-32 characters/);
  });

  it('accepts 32-character and 1-character keys', () => {
    expect(variantProblems([valid[0], { key: 'a'.repeat(32), weight: 1, isControl: false }])).toEqual([]);
    expect(variantProblems([valid[0], { key: '7', weight: 1, isControl: false }])).toEqual([]);
  });

  it('rejects duplicate keys', () => {
    expect(variantProblems([valid[0], { ...valid[1], key: 'control' }])).toEqual(['variant key "control" is used twice']);
  });

  it('needs exactly one control', () => {
    expect(variantProblems([valid[0], { ...valid[1], isControl: true }])).toEqual([
      'exactly one variant must be the control, got 2',
    ]);
    expect(variantProblems([{ ...valid[0], isControl: false }, valid[1]])).toEqual([
      'exactly one variant must be the control, got 0',
    ]);
  });

  it('needs non-negative weights with a positive sum', () => {
    expect(variantProblems([valid[0], { ...valid[1], weight: -1 }])).toEqual([
      'variant "free-gift_2" has weight -1; weights must be non-negative numbers',
    ]);
    expect(variantProblems([valid[0], { ...valid[1], weight: NaN }])[0]).toMatch(/has weight NaN/);
    expect(variantProblems([valid[0], { ...valid[1], weight: Infinity }])[0]).toMatch(/has weight Infinity/);
    expect(variantProblems([{ ...valid[0], weight: 0 }, { ...valid[1], weight: 0 }])).toEqual([
      'at least one variant must have a weight above 0',
    ]);
  });

  it('reports every problem at once', () => {
    expect(variantProblems([{ key: 'Bad', weight: -1, isControl: false }])).toHaveLength(4);
  });
});

describe('coverageProblem', () => {
  it.each([0.01, 0.5, 1])('accepts %d', (coverage) => expect(coverageProblem(coverage)).toBeNull());
  it.each([0, -0.1, 1.01, NaN, Infinity])('rejects %d', (coverage) => expect(coverageProblem(coverage)).toMatch(/coverage/));
});

describe('allocation changes and phases', () => {
  it('only a draft may change weights or coverage in place', () => {
    expect(STATUSES.filter(canChangeAllocation)).toEqual(['draft']);
  });

  it('nextPhase counts up from 1', () => {
    expect(nextPhase(1)).toBe(2);
    expect(nextPhase(41)).toBe(42);
    expect(() => nextPhase(0)).toThrow(RangeError);
    expect(() => nextPhase(1.5)).toThrow(RangeError);
  });

  it('a draft changes in place, in its current phase', () => {
    expect(decideAllocationChange('draft', 1, { newPhase: false })).toEqual({ ok: true, phase: 1 });
    expect(decideAllocationChange('draft', 1, { newPhase: true })).toEqual({ ok: true, phase: 1 });
  });

  it.each<ExperimentStatus>(['running', 'paused'])('a %s experiment needs newPhase: true, which bumps the phase', (status) => {
    const refused = decideAllocationChange(status, 3, { newPhase: false });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/newPhase: true/);
    expect(decideAllocationChange(status, 3, { newPhase: true })).toEqual({ ok: true, phase: 4 });
  });

  it('a stopped experiment never changes', () => {
    expect(decideAllocationChange('stopped', 2, { newPhase: true })).toEqual({
      ok: false,
      error: 'a stopped experiment cannot change its allocation',
    });
  });

  it('isAllocationChange sees what moves visitors, and only that', () => {
    const before = { coverage: 1, variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }] };
    expect(isAllocationChange(before, { coverage: 1, variants: [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }] })).toBe(false);
    expect(isAllocationChange(before, { ...before, coverage: 0.5 })).toBe(true);
    expect(isAllocationChange(before, { coverage: 1, variants: [{ key: 'a', weight: 40 }, { key: 'b', weight: 60 }] })).toBe(true);
    expect(isAllocationChange(before, { coverage: 1, variants: [{ key: 'b', weight: 50 }, { key: 'a', weight: 50 }] })).toBe(true);
    expect(isAllocationChange(before, { coverage: 1, variants: [...before.variants, { key: 'c', weight: 0 }] })).toBe(true);
  });
});

describe('bucketingSeed', () => {
  it('is the experiment key (or configured seed) and the phase', () => {
    expect(bucketingSeed({ experimentKey: 'checkout-banner', phase: 1 })).toBe('checkout-banner:1');
    expect(bucketingSeed({ experimentKey: 'checkout-banner', phase: 2, seed: 'old-key' })).toBe('old-key:2');
    expect(bucketingSeed({ experimentKey: 'checkout-banner', phase: 2, seed: null })).toBe('checkout-banner:2');
  });

  it('keeps buckets within a phase and re-buckets when a new phase starts', () => {
    const assign = (phase: number, visitorId: string): number | null =>
      assignVariant({
        experimentKey: 'checkout-banner',
        seed: bucketingSeed({ experimentKey: 'checkout-banner', phase }),
        visitorId,
        weights: [1, 1],
        coverage: 1,
      });
    let moved = 0;
    for (let i = 0; i < 10_000; i++) {
      const visitorId = `visitor-${i}`;
      expect(assign(1, visitorId)).toBe(assign(1, visitorId));
      if (assign(1, visitorId) !== assign(2, visitorId)) moved++;
    }
    // An independent re-draw of a 50/50 split moves about half of the visitors.
    expect(moved / 10_000).toBeGreaterThan(0.45);
    expect(moved / 10_000).toBeLessThan(0.55);
  });
});
