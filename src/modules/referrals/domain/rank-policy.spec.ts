import { rankFor, RankRule } from './rank-policy';

const ranks: RankRule[] = [
  { id: 'bronze', position: 1, minDirectMembers: 2, minTeamSalesMinor: 0 },
  { id: 'silver', position: 2, minDirectMembers: 3, minTeamSalesMinor: 100_00 },
  { id: 'gold', position: 3, minDirectMembers: 5, minTeamSalesMinor: 1_000_00 },
];

describe('rank policy', () => {
  it('gives no rank below every threshold', () => {
    expect(rankFor({ directCount: 1, teamSalesMinor: 1_000_000 }, ranks)).toBeNull();
    expect(rankFor({ directCount: 0, teamSalesMinor: 0 }, [])).toBeNull();
  });

  it('needs both thresholds of a rank', () => {
    expect(rankFor({ directCount: 3, teamSalesMinor: 99_99 }, ranks)).toBe('bronze');
    expect(rankFor({ directCount: 3, teamSalesMinor: 100_00 }, ranks)).toBe('silver');
    expect(rankFor({ directCount: 4, teamSalesMinor: 5_000_00 }, ranks)).toBe('silver');
  });

  it('takes the most senior rank reached, whatever the order of the list', () => {
    expect(rankFor({ directCount: 9, teamSalesMinor: 5_000_00 }, [...ranks].reverse())).toBe('gold');
  });
});
