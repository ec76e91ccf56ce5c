import { MAX_SLA_MINUTES, slaPolicyProblems } from './sla-policy';

describe('SLA policy', () => {
  it('accepts whole minutes with a resolution no shorter than the first response', () => {
    expect(slaPolicyProblems({ firstResponseMinutes: 15, resolutionMinutes: 15 })).toEqual([]);
    expect(slaPolicyProblems({ firstResponseMinutes: 60, resolutionMinutes: MAX_SLA_MINUTES })).toEqual([]);
  });

  it('refuses zero, fractions, too long and a resolution shorter than the first response', () => {
    expect(slaPolicyProblems({ firstResponseMinutes: 0, resolutionMinutes: 10 })).toHaveLength(1);
    expect(slaPolicyProblems({ firstResponseMinutes: 1.5, resolutionMinutes: MAX_SLA_MINUTES + 1 })).toHaveLength(2);
    expect(slaPolicyProblems({ firstResponseMinutes: 60, resolutionMinutes: 30 })).toEqual([
      'resolutionMinutes cannot be shorter than firstResponseMinutes (a resolution is also a response)',
    ]);
  });
});
